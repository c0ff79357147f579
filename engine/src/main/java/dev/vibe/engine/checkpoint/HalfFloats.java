package dev.vibe.engine.checkpoint;

/**
 * Conversions between float32 and the two 16-bit float formats of safetensors files. Written here because
 * {@code Float.float16ToFloat} only exists from Java 20 and bfloat16 has no JDK support at all.
 */
public final class HalfFloats {

    private HalfFloats() {
    }

    /** bfloat16 bits (the high half of a float32) to float. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even; NaN stays NaN. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040); // quiet NaN, keeps the sign
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** IEEE 754 binary16 bits to float (subnormals, infinities and NaN included). */
    public static float f16ToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: mantissa * 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** float to IEEE 754 binary16 bits, rounding to nearest even; overflow becomes infinity. */
    public static short floatToF16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7FFFFFFF;
        if (magnitude > 0x7F800000) {
            return (short) (sign | 0x7E00);
        }
        if (magnitude >= 0x477FF000) { // rounds to >= 65520: infinity
            return (short) (sign | 0x7C00);
        }
        if (magnitude < 0x38800000) { // below the smallest normal half (2^-14): subnormal or zero
            // Scaling by 2^24 is exact enough: Math.rint rounds half to even, as IEEE does.
            int sub = (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f);
            return (short) (sign | sub);
        }
        int exponent = ((magnitude >>> 23) - 112) << 10;
        int mantissa = magnitude & 0x7FFFFF;
        int half = exponent | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, which is the correct result
        }
        return (short) (sign | half);
    }
}
