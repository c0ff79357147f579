package dev.vibe.engine.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One streaming pass over {@code tokenizer.json} (DJL parses it later, natively): checks that it is JSON and finds
 * the largest token id it can produce, so a tokenizer larger than the model's embedding is caught at load time
 * rather than as an out-of-range index in the middle of generation.
 */
final class TokenizerJsonScan {

    /** No field-name canonicalizing: 150k vocabulary keys would fill Jackson's symbol table for nothing. */
    private static final JsonFactory FACTORY = new JsonFactory()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);

    private TokenizerJsonScan() {
    }

    /** The largest id of the model vocabulary and the added tokens. */
    static int maxTokenId(Path file) {
        if (!Files.exists(file)) {
            throw new CheckpointException(file, "missing file");
        }
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CheckpointException(file, "invalid JSON: not a JSON object");
            }
            int maxId = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
                    maxId = Math.max(maxId, maxAddedTokenId(p));
                } else if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    maxId = Math.max(maxId, maxVocabularyId(p));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new CheckpointException(file, "invalid JSON: content after the top-level object");
            }
            if (maxId < 0) {
                throw new CheckpointException(file, "no model vocabulary and no added tokens");
            }
            return maxId;
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "invalid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static int maxAddedTokenId(JsonParser p) throws IOException {
        int maxId = -1;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.VALUE_NUMBER_INT && field.equals("id")) {
                    maxId = Math.max(maxId, p.getIntValue());
                } else {
                    p.skipChildren();
                }
            }
        }
        return maxId;
    }

    /** BPE and WordPiece keep {@code vocab} as token to id; Unigram as a list whose index is the id. */
    private static int maxVocabularyId(JsonParser p) throws IOException {
        int maxId = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                        maxId = Math.max(maxId, p.getIntValue());
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (field.equals("vocab") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                    maxId++;
                }
            } else {
                p.skipChildren();
            }
        }
        return maxId;
    }
}
