package dev.vibe.grading.code.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonValueComparatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode j(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void comparesNestedStructuresInOrder() throws Exception {
        assertThat(JsonValueComparator.mismatch(j("[[1,2],[3]]"), j("[[1, 2], [3]]"))).isEmpty();
        assertThat(JsonValueComparator.mismatch(j("[[1,2],[3]]"), j("[[2,1],[3]]"))).get().asString()
                .startsWith("$[0][0]");
        assertThat(JsonValueComparator.mismatch(j("{\"a\":1}"), j("{\"a\":1,\"b\":2}"))).isPresent();
    }

    @Test
    void numbersUseTheTokenRules() throws Exception {
        assertThat(JsonValueComparator.mismatch(j("0.1"), j("0.1000000001"))).isEmpty();
        assertThat(JsonValueComparator.mismatch(j("3"), j("3.0"))).isEmpty();
        assertThat(JsonValueComparator.mismatch(j("1000000001"), j("1000000000"))).isPresent();
    }

    @Test
    void keepsTypesApart() throws Exception {
        assertThat(JsonValueComparator.mismatch(j("true"), j("1"))).isPresent();
        assertThat(JsonValueComparator.mismatch(j("\"1\""), j("1"))).isPresent();
        assertThat(JsonValueComparator.mismatch(j("null"), j("[]"))).isPresent();
        assertThat(JsonValueComparator.mismatch(j("\"abc\""), j("\"abc\""))).isEmpty();
    }
}
