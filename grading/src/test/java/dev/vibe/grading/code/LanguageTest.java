package dev.vibe.grading.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void knowsFenceTagsAndFileExtensions() {
        assertThat(Language.fromTag("Python3")).contains(Language.PYTHON);
        assertThat(Language.fromTag("c++")).contains(Language.CPP);
        assertThat(Language.fromFileName("sol.py")).contains(Language.PYTHON);
        assertThat(Language.fromFileName("a.cc")).contains(Language.CPP);
        assertThat(Language.fromFileName("Main.java")).contains(Language.JAVA);
        assertThat(Language.fromFileName("tests.json")).isEmpty();
        assertThat(Language.fromTag("text")).isEmpty();
    }

    @Test
    void rejectsUnknownNamesListingTheKnownOnes() {
        assertThatThrownBy(() -> Language.parse("rust")).hasMessageContaining("expected python, cpp (c++) or java");
    }
}
