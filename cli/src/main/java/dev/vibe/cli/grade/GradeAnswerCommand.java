package dev.vibe.cli.grade;

import dev.vibe.cli.Common;
import dev.vibe.grading.math.MathGrader;
import dev.vibe.grading.math.MathVerdict;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vibe grade-answer --gold G --pred P}: one verdict; exit 0 when equal, 1 when not, 2 on usage errors. */
@Command(name = "grade-answer", mixinStandardHelpOptions = true,
        description = {"Compare one answer with a reference answer.",
            "Each may be a bare answer, LaTeX with its delimiters, or a worked solution or response with its "
                    + "\\boxed{}. Exit status: 0 equal, 1 not equal, 2 usage error."})
public final class GradeAnswerCommand implements Callable<Integer> {

    /** Exit status of an answer that is not the reference's. */
    static final int NOT_EQUAL = 1;

    @Mixin
    Common common;

    @Option(names = "--gold", required = true, description = "The reference answer or solution.")
    String gold;

    @Option(names = "--pred", required = true, description = "The answer or response to grade.")
    String pred;

    @Option(names = "--finish-reason", description = "The response's finish reason; 'length' (truncated) is never correct.")
    String finishReason;

    @Option(names = "--timeout", defaultValue = "PT5S",
            description = "Hard limit of one symbolic check, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        try (MathGrader grader = MathGrader.builder().optTimeout(timeout).optWorkers(1).build()) {
            MathVerdict v = grader.grade(gold, pred, finishReason);
            System.out.println((v.equal() ? "equal" : "not equal") + ": " + v.reason());
            if (common.verbose) {
                System.out.println("gold: " + v.goldAnswer() + "  ->  " + v.goldNormalized());
                System.out.println("pred: " + v.predAnswer() + "  ->  " + v.predNormalized());
            }
            System.out.flush();
            return v.equal() ? 0 : NOT_EQUAL;
        }
    }
}
