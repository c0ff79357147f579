package dev.vibe.engine.checkpoint;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** Test helper: a little-endian float32 buffer as an array. */
final class Floats {

    private Floats() {
    }

    static float[] of(ByteBuffer b) {
        FloatBuffer f = b.asFloatBuffer();
        float[] out = new float[f.remaining()];
        f.get(out);
        return out;
    }
}
