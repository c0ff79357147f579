package dev.vibe.grading.code.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vibe.grading.code.Language;
import org.junit.jupiter.api.Test;

class CodeExtractorTest {

    @Test
    void takesTheLastBlockAfterThinking() {
        String r = "<think>\n```python\nprint('draft')\n```\n</think>\nFirst:\n```python\nprint(1)\n```\n"
                + "Better:\n```cpp\nint main(){}\n```\nDone.";
        assertThat(CodeExtractor.extract(r, null)).contains(
                new CodeExtractor.ExtractedCode("int main(){}\n", Language.CPP));
    }

    @Test
    void ignoresBlocksInsideUnfinishedThinkingWhenAnAnswerFollows() {
        String r = "```python\nprint('in thought')\n```\n</think>\nno code here";
        assertThat(CodeExtractor.extract(r, Language.PYTHON)).isEmpty();
    }

    @Test
    void usesTheWholeTextWithoutThinkTag() {
        assertThat(CodeExtractor.extract("```c++\nx\n```", null).map(CodeExtractor.ExtractedCode::language))
                .contains(Language.CPP);
        assertThat(CodeExtractor.extract("```Java\nclass A{}\n```", null).map(CodeExtractor.ExtractedCode::language))
                .contains(Language.JAVA);
    }

    @Test
    void untaggedBlocksTakeTheFallbackAndOtherTagsAreSkipped() {
        String r = "```python\nprint(2)\n```\nSample:\n```text\n2\n```\n";
        assertThat(CodeExtractor.extract(r, null).map(CodeExtractor.ExtractedCode::code)).contains("print(2)\n");
        assertThat(CodeExtractor.extract("```\nprint(3)\n```", Language.PYTHON))
                .contains(new CodeExtractor.ExtractedCode("print(3)\n", Language.PYTHON));
        assertThat(CodeExtractor.extract("```\nprint(3)\n```", null)).isEmpty();
    }
}
