package dev.vibe.engine.train;

/**
 * The demo model's step-by-step working for one operation, written so that every line needs either a copy at a
 * fixed offset or one single-digit table lookup: a tiny transformer learns that reliably, left to right.
 *
 * <pre>
 * &lt;think&gt;            &lt;think&gt;            &lt;think&gt;
 * 47+385             38-905             23*7
 * a=047              a=038              a=23
 * b=385              b=905              b=7
 * u:7+5+0=12         cmp:0&lt;9            u:3*7=21+0=21
 * t:4+8+1=13         a&lt;b                t:2*7=14+2=16
 * h:0+3+1=04         x=905              r=161
 * r=0432             y=038              ans=161
 * ans=432            u:5-8-0=7 b1       &lt;/think&gt;
 * &lt;/think&gt;           t:0-3-1=6 b1       The answer is \boxed{161}.
 * The answer is      h:9-0-1=8 b0
 * \boxed{432}.       r=867
 *                    ans=-867 ...
 * </pre>
 *
 * Addition lines are {@code column:digit+digit+carry=two-digit sum}; subtraction first compares the padded
 * operands from the left, subtracts the smaller from the larger with {@code =digit bBorrow}, and puts the sign
 * back; multiplication adds the carry to each digit product.
 */
final class Working {

    private static final String[] COLUMNS = {"u", "t", "h"};

    private Working() {
    }

    static String addition(int a, int b) {
        String pa = pad3(a);
        String pb = pad3(b);
        StringBuilder w = open(a + "+" + b).append("a=").append(pa).append("\nb=").append(pb).append('\n');
        int carry = 0;
        StringBuilder digits = new StringBuilder();
        for (int col = 0; col < 3; col++) {
            int da = digit(pa, col);
            int db = digit(pb, col);
            int sum = da + db + carry;
            w.append(COLUMNS[col]).append(':').append(da).append('+').append(db).append('+').append(carry)
                    .append('=').append(sum / 10).append(sum % 10).append('\n');
            digits.insert(0, sum % 10);
            carry = sum / 10;
        }
        digits.insert(0, carry);
        return close(w, digits.toString(), a + b);
    }

    static String subtraction(int a, int b) {
        String pa = pad3(a);
        String pb = pad3(b);
        StringBuilder w = open(a + "-" + b).append("a=").append(pa).append("\nb=").append(pb).append("\ncmp:");
        for (int i = 0; i < 3; i++) {
            char ca = pa.charAt(i);
            char cb = pb.charAt(i);
            w.append(i == 0 ? "" : " ").append(ca).append(ca < cb ? '<' : ca > cb ? '>' : '=').append(cb);
            if (ca != cb) {
                break;
            }
        }
        boolean negative = a < b;
        w.append(negative ? "\na<b\n" : "\na>=b\n");
        String px = negative ? pb : pa;
        String py = negative ? pa : pb;
        w.append("x=").append(px).append("\ny=").append(py).append('\n');
        int borrow = 0;
        StringBuilder digits = new StringBuilder();
        for (int col = 0; col < 3; col++) {
            int dx = digit(px, col);
            int dy = digit(py, col);
            int diff = dx - dy - borrow;
            int next = diff < 0 ? 1 : 0;
            int d = diff + 10 * next;
            w.append(COLUMNS[col]).append(':').append(dx).append('-').append(dy).append('-').append(borrow)
                    .append('=').append(d).append(" b").append(next).append('\n');
            digits.insert(0, d);
            borrow = next;
        }
        return close(w, digits.toString(), a - b);
    }

    static String multiplication(int a, int b) {
        StringBuilder w = open(a + "*" + b).append("a=").append(a).append("\nb=").append(b).append('\n');
        int carry = 0;
        StringBuilder digits = new StringBuilder();
        for (int col = 0; col < 2; col++) {
            int da = digit(String.valueOf(a), col);
            int product = da * b;
            int sum = product + carry;
            w.append(COLUMNS[col]).append(':').append(da).append('*').append(b).append('=').append(product / 10)
                    .append(product % 10).append('+').append(carry).append('=').append(sum / 10).append(sum % 10)
                    .append('\n');
            digits.insert(0, col == 1 ? String.valueOf(sum / 10) + (sum % 10) : String.valueOf(sum % 10));
            carry = sum / 10;
        }
        return close(w, digits.toString(), (long) a * b);
    }

    private static StringBuilder open(String expression) {
        return new StringBuilder("<think>\n").append(expression).append('\n');
    }

    private static String close(StringBuilder w, String rawDigits, long answer) {
        w.append("r=").append(rawDigits).append("\nans=").append(answer).append("\n</think>\n")
                .append("The answer is \\boxed{").append(answer).append("}.");
        return w.toString();
    }

    private static String pad3(int n) {
        return String.format("%03d", n);
    }

    /** The digit of a padded number at column {@code col} counted from the right (0 = units). */
    private static int digit(String padded, int col) {
        return padded.charAt(padded.length() - 1 - col) - '0';
    }
}
