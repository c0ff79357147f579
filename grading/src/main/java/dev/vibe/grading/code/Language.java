package dev.vibe.grading.code;

import java.util.Locale;
import java.util.Optional;

/** The languages the judge compiles and runs. */
public enum Language {
    PYTHON("py", "python", "python3", "py3"),
    CPP("cpp", "cpp", "c++", "cc", "cxx", "gnu++17", "cpp17"),
    JAVA("java", "java");

    private final String extension;
    private final String[] tags;

    Language(String extension, String... tags) {
        this.extension = extension;
        this.tags = tags;
    }

    /** The source file's extension. */
    public String extension() {
        return extension;
    }

    /** The language a Markdown fence tag or a {@code --lang} value names ({@code python}, {@code c++}, ...). */
    public static Optional<Language> fromTag(String tag) {
        String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.extension.equals(t)) {
                return Optional.of(l);
            }
            for (String known : l.tags) {
                if (known.equals(t)) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    /** Like {@link #fromTag} but fails with a message listing the accepted names. */
    public static Language parse(String name) {
        return fromTag(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown language '" + name + "': expected python, cpp (c++) or java"));
    }

    /** The language of a source file's extension ({@code .py}, {@code .cpp}, {@code .java}). */
    public static Optional<Language> fromFileName(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : fromTag(name.substring(dot + 1));
    }
}
