package dev.vibe.grading.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grader against the bundled labelled set: at least 97% agreement, no false positive on a field-notes case. */
class LabelledSetAgreementTest {

    private static MathGrader grader;

    @BeforeAll
    static void start() {
        grader = MathGrader.builder().optTimeout(Duration.ofSeconds(10)).optWorkers(2).build();
    }

    @AfterAll
    static void stop() {
        grader.close();
    }

    @Test
    void agreesWithAtLeast97PercentOfLabelsAndNeverAcceptsAFieldNotesCase() {
        List<LabelledCase> cases = LabelledCase.bundled();
        assertThat(cases).hasSizeGreaterThan(300);
        List<String> disagreements = new ArrayList<>();
        List<String> fieldNoteFalsePositives = new ArrayList<>();
        Map<String, int[]> perCategory = new TreeMap<>();
        for (LabelledCase c : cases) {
            MathVerdict v = grader.grade(c.gold(), c.pred());
            int[] counts = perCategory.computeIfAbsent(c.category(), k -> new int[2]);
            counts[1]++;
            if (v.equal() == c.equal()) {
                counts[0]++;
            } else {
                disagreements.add("[" + c.category() + "] gold=" + c.gold() + " | pred=" + c.pred() + " | label="
                        + c.equal() + " got=" + v.equal() + " (" + v.reason() + ")");
                if (c.category().equals("field-notes") && v.equal()) {
                    fieldNoteFalsePositives.add(c.gold() + " vs " + c.pred());
                }
            }
        }
        double agreement = 1.0 - (double) disagreements.size() / cases.size();
        System.out.printf("agreement %.2f%% on %d cases (%d disagreements)%n", 100 * agreement, cases.size(),
                disagreements.size());
        perCategory.forEach((k, v) -> System.out.printf("  %-18s %d/%d%n", k, v[0], v[1]));
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(fieldNoteFalsePositives).as("field-notes cases graded equal").isEmpty();
        assertThat(agreement).as("agreement with labels; disagreements:%n%s", String.join("\n", disagreements))
                .isGreaterThanOrEqualTo(0.97);
    }
}
