package dev.vibe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.engine.answer.Traces;
import dev.vibe.engine.prompt.Prompt;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArithmeticProblemsTest {

    private static final Pattern EXPRESSION = Pattern.compile("<think>\n(\\d+)([-+*])(\\d+)\n");
    private static final Pattern ADD_COLUMN = Pattern.compile("[uth]:(\\d)\\+(\\d)\\+(\\d)=(\\d)(\\d)");
    private static final Pattern SUB_COLUMN = Pattern.compile("[uth]:(\\d)-(\\d)-(\\d)=(\\d) b(\\d)");
    private static final Pattern MUL_COLUMN = Pattern.compile("[ut]:(\\d)\\*(\\d)=(\\d)(\\d)\\+(\\d)=(\\d)(\\d)");

    @Test
    void everyBoxedAnswerIsTheExactResultOfTheOperandsInTheQuestion() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            ArithmeticProblems.Problem p = ArithmeticProblems.training(random);
            Matcher m = EXPRESSION.matcher(p.completion());
            assertThat(m.lookingAt()).as(p.completion()).isTrue();
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(3));
            long expected = switch (m.group(2)) {
                case "+" -> a + b;
                case "-" -> a - b;
                default -> a * b;
            };
            // The operands are the question's own numbers (in either order for a product or "subtract b from a").
            List<Long> inQuestion = Pattern.compile("\\d+").matcher(p.question()).results()
                    .map(r -> Long.parseLong(r.group())).toList();
            assertThat(inQuestion).as(p.question()).containsExactlyInAnyOrder(a, b);
            assertThat(Traces.finalAnswer(p.completion())).as(p.question()).isEqualTo(String.valueOf(expected));
            assertThat(p.answer()).isEqualTo(expected);
        }
    }

    @Test
    void everyColumnOfTheWorkingIsArithmeticallyRight() {
        SplittableRandom random = new SplittableRandom(12);
        int columns = 0;
        for (int i = 0; i < 5_000; i++) {
            String w = ArithmeticProblems.training(random).completion();
            for (Matcher m = ADD_COLUMN.matcher(w); m.find(); columns++) {
                assertThat(d(m, 1) + d(m, 2) + d(m, 3)).as(m.group()).isEqualTo(10 * d(m, 4) + d(m, 5));
            }
            for (Matcher m = SUB_COLUMN.matcher(w); m.find(); columns++) {
                assertThat(d(m, 1) - d(m, 2) - d(m, 3)).as(m.group()).isEqualTo(d(m, 4) - 10 * d(m, 5));
            }
            for (Matcher m = MUL_COLUMN.matcher(w); m.find(); columns++) {
                assertThat(d(m, 1) * d(m, 2)).as(m.group()).isEqualTo(10 * d(m, 3) + d(m, 4));
                assertThat(10 * d(m, 3) + d(m, 4) + d(m, 5)).as(m.group()).isEqualTo(10 * d(m, 6) + d(m, 7));
            }
        }
        assertThat(columns).isGreaterThan(10_000);
    }

    @Test
    void negativeDifferencesSubtractTheSmallerFromTheLargerAndPutTheSignBack() {
        String w = Working.subtraction(38, 905);
        assertThat(w).contains("cmp:0<9\na<b\nx=905\ny=038\n", "u:5-8-0=7 b1", "t:0-3-1=6 b1", "h:9-0-1=8 b0",
                "r=867\nans=-867\n</think>\nThe answer is \\boxed{-867}.");
        assertThat(Working.subtraction(457, 457)).contains("cmp:4=4 5=5 7=7\na>=b", "\\boxed{0}");
        assertThat(Working.addition(999, 999)).contains("h:9+9+1=19", "r=1998", "\\boxed{1998}");
    }

    @Test
    void heldOutOperandPairsNeverAppearInTraining() {
        List<ArithmeticProblems.Problem> heldOut = ArithmeticProblems.heldOut(250, 90, 42);
        assertThat(heldOut).hasSize(590);
        Set<String> reserved = new HashSet<>();
        for (ArithmeticProblems.Problem p : heldOut) {
            assertThat(ArithmeticProblems.isHeldOut(p.op(), p.a(), p.b())).isTrue();
            reserved.add(key(p));
        }
        SplittableRandom random = new SplittableRandom(13);
        int seenTrainingPairs = 0;
        for (int i = 0; i < 200_000; i++) {
            ArithmeticProblems.Problem p = ArithmeticProblems.training(random);
            assertThat(reserved).as(p.question()).doesNotContain(key(p));
            seenTrainingPairs++;
        }
        assertThat(seenTrainingPairs).isEqualTo(200_000);
    }

    @Test
    void aboutOneInEightPairsIsReserved() {
        int reserved = 0;
        for (int a = 0; a < 1000; a++) {
            for (int b = 0; b < 100; b++) {
                reserved += ArithmeticProblems.isHeldOut(ArithmeticProblems.Op.ADD, a, b) ? 1 : 0;
            }
        }
        assertThat(reserved / 100_000.0).isBetween(0.11, 0.14);
    }

    @Test
    void problemsAreAskedInTheAuthorsFormat() {
        ArithmeticProblems.Problem p = ArithmeticProblems.training(new SplittableRandom(1));
        assertThat(Prompt.forProblem(p.question(), null).render()).isEqualTo("<|im_start|>user\n" + p.question()
                + " Let's think step by step and output the final answer within \\boxed{}.<|im_end|>\n"
                + "<|im_start|>assistant\n");
        assertThat(p.completion()).startsWith("<think>\n").contains("\n</think>\nThe answer is \\boxed{");
    }

    @Test
    void theSameSeedGivesTheSameProblems() {
        SplittableRandom x = new SplittableRandom(5);
        SplittableRandom y = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            assertThat(ArithmeticProblems.training(x)).isEqualTo(ArithmeticProblems.training(y));
        }
        assertThat(ArithmeticProblems.heldOut(50, 20, 1)).isEqualTo(ArithmeticProblems.heldOut(50, 20, 1));
    }

    private static String key(ArithmeticProblems.Problem p) {
        return p.op() + ":" + Math.min(p.a(), p.b()) + ":" + Math.max(p.a(), p.b());
    }

    private static int d(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
