package dev.vibe.grading.code;

/**
 * The Python script that runs a functional (LeetCode-style) test inside the sandbox: reads the arguments (one JSON
 * value a line) from stdin, loads the solution, calls {@code Solution().fn(*args)} or a top-level {@code fn}, and
 * writes the return value as JSON on stdout. The comparison happens outside, on that JSON, so the returned
 * object's {@code __eq__} is never consulted; the program's own prints are moved to stderr.
 */
final class PythonCallHarness {

    /** File name of the harness in the run's directory. */
    static final String FILE = "vibe_call_harness.py";
    /** Exit status when the return value cannot be written as JSON (a WA: it cannot equal a JSON value). */
    static final int NOT_JSON = 86;
    /** Exit status when the function does not exist (an RE). */
    static final int NO_FUNCTION = 87;

    /** Imports LeetCode-style code takes for granted (as LiveCodeBench's own harness provides). */
    private static final String PRELUDE = """
            import bisect, collections, copy, functools, heapq, itertools, math, operator, random, re, string, sys
            from typing import *
            from collections import Counter, OrderedDict, defaultdict, deque
            from functools import cache, cmp_to_key, lru_cache, reduce
            from heapq import heapify, heappop, heappush, heappushpop, nlargest, nsmallest
            from bisect import bisect, bisect_left, bisect_right, insort
            from itertools import accumulate, chain, combinations, count, groupby, permutations, product
            from math import ceil, comb, floor, gcd, inf, isqrt, lcm, log, log2, sqrt
            """;

    static final String SOURCE = """
            import json, os, sys

            PRELUDE = %s

            def main():
                fn_name, source = sys.argv[1], sys.argv[2]
                args = [json.loads(line) for line in sys.stdin.read().split("\\n") if line.strip()]
                result_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
                os.dup2(2, 1)
                sys.stdout = sys.stderr
                namespace = {"__name__": "solution"}
                exec(PRELUDE, namespace)
                with open(source, encoding="utf-8") as f:
                    exec(compile(f.read(), "solution.py", "exec"), namespace)
                cls = namespace.get("Solution")
                if isinstance(cls, type) and hasattr(cls, fn_name):
                    target = getattr(cls(), fn_name)
                elif callable(namespace.get(fn_name)):
                    target = namespace[fn_name]
                else:
                    sys.stderr.write("vibe: no function %%s: neither Solution().%%s nor a top-level %%s\\n"
                                     %% (fn_name, fn_name, fn_name))
                    sys.exit(%d)
                result = target(*args)
                try:
                    text = json.dumps(result, allow_nan=False)
                except (TypeError, ValueError, RecursionError):
                    sys.stderr.write("vibe: the return value (%%s) is not JSON\\n" %% type(result).__name__)
                    sys.exit(%d)
                result_out.write(text)
                result_out.flush()

            main()
            """.formatted(pyString(PRELUDE), NO_FUNCTION, NOT_JSON);

    private PythonCallHarness() {
    }

    private static String pyString(String s) {
        return "\"\"\"" + s.replace("\\", "\\\\").replace("\"\"\"", "\\\"\\\"\\\"") + "\"\"\"";
    }
}
