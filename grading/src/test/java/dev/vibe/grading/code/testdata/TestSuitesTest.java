package dev.vibe.grading.code.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TestSuitesTest {

    @Test
    void readsLiveCodeBenchStdinTests() {
        TestSuite s = TestSuites.parse("[{\"input\":\"1 2\\n\",\"output\":\"3\\n\",\"testtype\":\"stdin\"},"
                + "{\"input\":\"5 5\\n\",\"output\":\"10\\n\",\"testtype\":\"stdin\"}]");
        assertThat(s.cases()).containsExactly(TestCase.stdin("1 2\n", "3\n"), TestCase.stdin("5 5\n", "10\n"));
        assertThat(s.functionName()).isNull();
    }

    @Test
    void readsLiveCodeBenchFunctionalTestsWithMetadata() {
        String tests = "[{\"input\":\"[1,2,3]\\n2\",\"output\":\"5\",\"testtype\":\"functional\"}]";
        String wrapped = "{\"tests\":" + new ObjectMapper().valueToTree(tests) + ","
                + "\"metadata\":\"{\\\"func_name\\\": \\\"maxSum\\\"}\"}";
        TestSuite s = TestSuites.parse(wrapped);
        assertThat(s.functionName()).isEqualTo("maxSum");
        assertThat(s.cases()).containsExactly(TestCase.functional("[1,2,3]\n2", "5"));
    }

    @Test
    void readsAppsStdinTestsGivenAsJsonString() throws Exception {
        String io = "{\"inputs\": [\"3\\n1 2 3\\n\", [\"2\", \"4 5\"]], \"outputs\": [\"6\\n\", [\"9\"]]}";
        String asString = new ObjectMapper().writeValueAsString(io);
        TestSuite s = TestSuites.parse(asString);
        assertThat(s.cases()).containsExactly(TestCase.stdin("3\n1 2 3\n", "6\n"), TestCase.stdin("2\n4 5\n", "9\n"));
    }

    @Test
    void readsAppsCallBasedTestsAsFunctional() {
        TestSuite s = TestSuites.parse("{\"fn_name\": \"add\", \"inputs\": [[1, 2], [[1,2], \"x\"]], "
                + "\"outputs\": [[3], [\"ok\"]]}");
        assertThat(s.functionName()).isEqualTo("add");
        assertThat(s.cases()).containsExactly(
                new TestCase(TestCase.Kind.FUNCTIONAL, "1\n2\n", "[3]", true),
                new TestCase(TestCase.Kind.FUNCTIONAL, "[1,2]\n\"x\"\n", "[\"ok\"]", true));
    }

    @Test
    void rejectsFunctionalTestsWithoutFunctionName() {
        assertThatThrownBy(() -> TestSuites.parse("[{\"input\":\"1\",\"output\":\"1\",\"testtype\":\"functional\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function name");
    }

    @Test
    void rejectsUnknownShapesWithAClearMessage() {
        assertThatThrownBy(() -> TestSuites.parse("{\"cases\": []}"))
                .hasMessageStartingWith("tests: expected a LiveCodeBench list");
        assertThatThrownBy(() -> TestSuites.parse("[{\"input\":\"1\",\"output\":\"1\",\"testtype\":\"file\"}]"))
                .hasMessageContaining("testtype 'file'");
        assertThatThrownBy(() -> TestSuites.parse("{not json")).hasMessageStartingWith("tests: not valid JSON");
        assertThatThrownBy(() -> TestSuites.parse("[]")).hasMessageContaining("no test cases");
        assertThatThrownBy(() -> TestSuites.parse("{\"inputs\": [\"1\"], \"outputs\": []}"))
                .hasMessageContaining("equal length");
    }
}
