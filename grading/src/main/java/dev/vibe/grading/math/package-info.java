/**
 * Math answer equivalence: is a predicted final answer the reference answer?
 *
 * <p>Entry point: {@link dev.vibe.grading.math.MathGrader} (thread-safe; one per JVM is enough). A grade runs
 * extraction ({@link dev.vibe.grading.math.AnswerExtractor}: last {@code \boxed{}} after {@code </think>}, then
 * "final answer is" phrases, then a short bare answer), normalisation (spelling of LaTeX), parsing into a kind
 * (number, expression, interval, set, tuple, bare list, equation/inequality, matrix, choice letter, words) and a
 * comparison by kind; only expressions reach Symja, on worker threads the grader owns, with a hard time limit.
 *
 * <p>Conventions, chosen against the wrong verdicts of the graders in use (field notes):
 * <ul>
 *   <li><b>Exact first.</b> Integers, fractions, mixed numbers, decimals and repeating decimals are exact
 *       rationals; {@code 1/2004!} ≠ {@code 1/2006!}, {@code 10001} ≠ {@code 10000}.</li>
 *   <li><b>Decimal tolerance.</b> A decimal equals an exact value when it is within 1e-9 relative of it, or when
 *       the value rounded half-up to the decimal's written places is the decimal and the decimal shows at least
 *       3 significant digits: {@code 0.333} = 1/3 and {@code 3.14} = π (Math-Verify's rounding match), but
 *       {@code 0.33} ≠ 1/3. Two decimals compare exactly ({@code 4.5} ≠ {@code 4.4999}).</li>
 *   <li><b>Percent.</b> A {@code %} sign is dropped ({@code 50\%} = {@code 50}) and {@code x\%} also equals
 *       {@code x/100}; without a sign no factor of 100 is forgiven ({@code 0.28} ≠ {@code 28}).</li>
 *   <li><b>Symbolic.</b> Equal when the difference evaluates to 0; with no free variable, when the values agree
 *       to all but 15 of d working digits, d = 40 plus the digits of every integer in the answers (at most 2000),
 *       so {@code \sqrt{10^{80}+7}} ≠ {@code \sqrt{10^{80}+9}}; with free variables, when they agree so at 3 to 5
 *       sample points.</li>
 *   <li><b>Bare lists.</b> {@code 1, 2, 3} (also "2 or 3", {@code 1 \pm \sqrt2}) is the unordered set of answers,
 *       as in MATH's "list all solutions"; against a tuple {@code (1,2)} it is compared in order.</li>
 *   <li><b>Brackets.</b> Intervals compare ends and brackets ({@code [1,2]} ≠ {@code [1,2)}); {@code (a,b)} is
 *       never guessed to be a tuple or an interval: both compare in order with the same brackets. An inequality
 *       in one unknown compares as its interval ({@code x \le 3} = {@code (-\infty,3]}).</li>
 *   <li><b>Equations.</b> {@code x = 3} = {@code 3}; two equations are equal when one is a nonzero constant
 *       multiple of the other; inequalities when the factor is positive.</li>
 *   <li><b>No fallback.</b> An answer that cannot be read is unequal to everything; the grader never compares
 *       some number found inside it. A truncated response ({@code finish_reason=length}) is never correct.</li>
 * </ul>
 * The bundled labelled set ({@link dev.vibe.grading.math.LabelledCase#bundled()}) holds these cases and is
 * what {@link dev.vibe.grading.math.MathGraderBenchmark} times.
 */
package dev.vibe.grading.math;
