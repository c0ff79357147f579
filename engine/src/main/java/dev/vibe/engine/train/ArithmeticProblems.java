package dev.vibe.engine.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic arithmetic word problems with step-by-step answers in VibeThinker's format: the demo model's corpus.
 *
 * <p>Families: addition and subtraction of integers from 0 to 999 (carries, borrows, negative differences) and
 * multiplication of a 2-digit number (10-99) by a 1-digit number (0-9), each in several phrasings (symbolic and
 * one-sentence word problems). The working is written for a tiny left-to-right transformer: restate the
 * expression, restate the operands zero-padded digit by digit, then one line a column (units first) with the
 * carry or borrow made explicit, then the digits composed and leading zeros dropped. See
 * {@code models/demo-arithmetic/README.md} for the exact format.
 *
 * <p>Held-out split: an operand pair (unordered, per operation) whose hash falls in bucket 0 of
 * {@link #HELD_OUT_BUCKETS} is reserved for evaluation and never produced by {@link #training}.
 */
public final class ArithmeticProblems {

    /** One in this many operand pairs is reserved for evaluation. */
    public static final int HELD_OUT_BUCKETS = 8;

    /** The operation of a problem. */
    public enum Op {
        ADD('+'), SUB('-'), MUL('*');

        final char symbol;

        Op(char symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * A problem, its exact answer and the assistant's completion the model is trained on.
     *
     * @param op the operation
     * @param a the left operand as the working restates it (for MUL the 2-digit one)
     * @param b the right operand (for MUL the 1-digit one)
     * @param question the user's problem text, without the authors' suffix
     * @param completion the assistant's text: {@code <think>} working {@code </think>} then the boxed answer
     */
    public record Problem(Op op, int a, int b, String question, String completion) {

        public long answer() {
            return switch (op) {
                case ADD -> (long) a + b;
                case SUB -> (long) a - b;
                case MUL -> (long) a * b;
            };
        }
    }

    private static final String[] NAMES = {"Tom", "Anna", "Sam", "Lily", "Ben", "Mia"};
    private static final boolean[] NAME_IS_HE = {true, false, true, false, true, false};
    private static final String[] ITEMS = {"apples", "coins", "marbles", "stickers", "pencils", "cards"};
    private static final String[] CONTAINERS = {"box", "bag", "jar", "basket"};

    private ArithmeticProblems() {
    }

    /** Whether the operand pair of {@code op} is reserved for evaluation. */
    public static boolean isHeldOut(Op op, int a, int b) {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        long key = (op.ordinal() + 1L) * 1_000_003L * 1_000_003L + lo * 1_000_003L + hi;
        return Math.floorMod(mix(key), HELD_OUT_BUCKETS) == 0;
    }

    // SplitMix64's finaliser: a stable hash that does not depend on the JVM.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A training problem: a random family, operands and phrasing, never a held-out pair. */
    public static Problem training(SplittableRandom random) {
        while (true) {
            Problem p = random(random);
            if (!isHeldOut(p.op(), p.a(), p.b())) {
                return p;
            }
        }
    }

    /**
     * The evaluation set: {@code additive} addition and {@code additive} subtraction problems and {@code products}
     * multiplications, all on held-out operand pairs, each pair at most once per operation, in a fixed order for
     * a given seed. Only 99 of the 900 multiplication pairs are held out.
     */
    public static List<Problem> heldOut(int additive, int products, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Problem> out = new ArrayList<>();
        for (Op op : Op.values()) {
            int wanted = op == Op.MUL ? products : additive;
            Set<Long> seen = new HashSet<>();
            for (int tries = 0; seen.size() < wanted; tries++) {
                if (tries > 1_000_000) {
                    throw new IllegalArgumentException("not enough held-out " + op + " pairs for " + wanted);
                }
                Problem p = of(op, random);
                long pair = (long) Math.min(p.a(), p.b()) * 1000 + Math.max(p.a(), p.b());
                if (isHeldOut(op, p.a(), p.b()) && seen.add(pair)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Problem random(SplittableRandom random) {
        int r = random.nextInt(20);
        Op op = r < 7 ? Op.ADD : r < 15 ? Op.SUB : Op.MUL;
        return of(op, random);
    }

    private static Problem of(Op op, SplittableRandom random) {
        if (op == Op.MUL) {
            return multiplication(10 + random.nextInt(90), random.nextInt(10), random);
        }
        int a = operand(random);
        int b = operand(random);
        return op == Op.ADD ? addition(a, b, random) : subtraction(a, b, random);
    }

    // 1, 2 and 3 digits equally likely, so small operands are not rare.
    private static int operand(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(10);
            case 1 -> 10 + random.nextInt(90);
            default -> 100 + random.nextInt(900);
        };
    }

    static Problem addition(int a, int b, SplittableRandom random) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String item = ITEMS[random.nextInt(ITEMS.length)];
        String question = switch (random.nextInt(8)) {
            case 0 -> "What is " + a + " + " + b + "?";
            case 1 -> "Compute " + a + " + " + b + ".";
            case 2 -> "Find the sum of " + a + " and " + b + ".";
            case 3 -> "Add " + a + " and " + b + ".";
            case 4 -> "What is " + a + " plus " + b + "?";
            case 5 -> name + " has " + a + " " + item + " and gets " + b + " more. How many " + item + " does "
                    + pronoun(name) + " have now?";
            case 6 -> "A " + CONTAINERS[random.nextInt(CONTAINERS.length)] + " has " + a + " " + item + ". "
                    + name + " puts in " + b + " more. How many " + item + " are in it now?";
            default -> "Calculate " + a + "+" + b + ".";
        };
        return new Problem(Op.ADD, a, b, question, Working.addition(a, b));
    }

    static Problem subtraction(int a, int b, SplittableRandom random) {
        String name = NAMES[random.nextInt(NAMES.length)];
        String item = ITEMS[random.nextInt(ITEMS.length)];
        int phrasings = a >= b ? 8 : 6; // the word problems only when nothing goes below zero
        String question = switch (random.nextInt(phrasings)) {
            case 0 -> "What is " + a + " - " + b + "?";
            case 1 -> "Compute " + a + " - " + b + ".";
            case 2 -> "Subtract " + b + " from " + a + ".";
            case 3 -> "What is " + a + " minus " + b + "?";
            case 4 -> "Find the difference " + a + " - " + b + ".";
            case 5 -> "Calculate " + a + "-" + b + ".";
            case 6 -> name + " has " + a + " " + item + " and gives away " + b + ". How many " + item + " does "
                    + pronoun(name) + " have left?";
            default -> "A " + CONTAINERS[random.nextInt(CONTAINERS.length)] + " has " + a + " " + item + ". "
                    + name + " takes out " + b + ". How many " + item + " are left in it?";
        };
        return new Problem(Op.SUB, a, b, question, Working.subtraction(a, b));
    }

    static Problem multiplication(int a, int b, SplittableRandom random) {
        String item = ITEMS[random.nextInt(ITEMS.length)];
        String container = CONTAINERS[random.nextInt(CONTAINERS.length)];
        boolean swap = random.nextBoolean();
        String x = String.valueOf(swap ? b : a);
        String y = String.valueOf(swap ? a : b);
        String question = switch (random.nextInt(7)) {
            case 0 -> "What is " + x + " * " + y + "?";
            case 1 -> "Compute " + x + " × " + y + ".";
            case 2 -> "Find the product of " + x + " and " + y + ".";
            case 3 -> "Multiply " + x + " by " + y + ".";
            case 4 -> "What is " + x + " times " + y + "?";
            case 5 -> "Each " + container + " holds " + a + " " + item + ". How many " + item + " are in " + b + " "
                    + plural(container) + "?";
            default -> "There are " + b + " " + plural(container) + " with " + a + " " + item + " in each. How many "
                    + item + " are there in all?";
        };
        return new Problem(Op.MUL, a, b, question, Working.multiplication(a, b));
    }

    private static String pronoun(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return NAME_IS_HE[i] ? "he" : "she";
            }
        }
        return "they";
    }

    private static String plural(String container) {
        return container.equals("box") ? "boxes" : container + "s";
    }
}
