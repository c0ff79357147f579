package dev.vibe.pipeline.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The problem inputs the ITs feed: valid ones and one of every kind of bad record, with the expected outcome. */
public final class Lines {

    private Lines() {
    }

    public static final String MALFORMED = "{\"id\": \"bad-json\", \"problem\": ";
    public static final String MISSING_STATEMENT = "{\"id\":\"no-statement\",\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}";
    public static final String UNKNOWN_KIND = "{\"id\":\"poem\",\"problem\":\"Write a poem\",\"kind\":\"poetry\"}";

    /** A valid problem line with id {@code id}. */
    public static String valid(String id) {
        return "{\"id\":\"" + id + "\",\"problem\":\"What is " + id.length() + " + 1?\",\"answer\":\""
                + (id.length() + 1) + "\",\"kind\":\"math\",\"source\":\"toy\",\"metadata\":{\"n\":1}}";
    }

    /** A second, different record with an id already used by {@link #valid}. */
    public static String duplicateOf(String id) {
        return "{\"id\":\"" + id + "\",\"problem\":\"another statement\",\"kind\":\"math\"}";
    }

    /** ids v0..v(n-1). */
    public static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("v" + i);
        }
        return ids;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
