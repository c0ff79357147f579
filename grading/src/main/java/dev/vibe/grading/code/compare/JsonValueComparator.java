package dev.vibe.grading.code.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Optional;

/**
 * Compares a function's return value with the expected one structurally, as JSON: same type, lists element by
 * element in order, objects key by key, strings and booleans exactly, numbers as {@link Numbers#equal}. The
 * value was serialised by the harness inside the sandbox, so nothing of the program (an {@code __eq__} that always
 * says True) takes part in the comparison.
 */
public final class JsonValueComparator {

    private JsonValueComparator() {
    }

    /** Empty when equal; otherwise where and how they differ. */
    public static Optional<String> mismatch(JsonNode expected, JsonNode actual) {
        return diff("$", expected, actual);
    }

    private static Optional<String> diff(String path, JsonNode e, JsonNode a) {
        if (e.isNumber() && a.isNumber()) {
            try {
                return Numbers.equal(number(e), number(a)) ? Optional.empty() : differ(path, e, a);
            } catch (NumberFormatException infinite) {
                return e.asText().equals(a.asText()) ? Optional.empty() : differ(path, e, a);
            }
        }
        if (e.getNodeType() != a.getNodeType()) {
            return differ(path, e, a);
        }
        if (e.isArray()) {
            if (e.size() != a.size()) {
                return Optional.of(path + ": expected " + e.size() + " elements, got " + a.size());
            }
            for (int i = 0; i < e.size(); i++) {
                Optional<String> d = diff(path + "[" + i + "]", e.get(i), a.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (e.isObject()) {
            if (e.size() != a.size()) {
                return Optional.of(path + ": expected " + e.size() + " keys, got " + a.size());
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!a.has(key)) {
                    return Optional.of(path + ": missing key '" + key + "'");
                }
                Optional<String> d = diff(path + "." + key, e.get(key), a.get(key));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        return e.equals(a) ? Optional.empty() : differ(path, e, a);
    }

    /** JSON 3 is an integer, 3.0 a decimal: the same rule as for tokens. */
    private static BigDecimal number(JsonNode n) {
        return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : Numbers.decimal(n.decimalValue());
    }

    private static Optional<String> differ(String path, JsonNode e, JsonNode a) {
        return Optional.of(path + ": expected " + TokenComparator.clip(e.toString()) + ", got "
                + TokenComparator.clip(a.toString()));
    }
}
