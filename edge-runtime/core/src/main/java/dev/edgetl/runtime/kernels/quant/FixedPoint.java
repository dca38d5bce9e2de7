package dev.edgetl.runtime.kernels.quant;

/**
 * TFLite's fixed-point arithmetic (gemmlowp semantics), bit for bit: a real multiplier is represented as a
 * Q31 int plus a power-of-two shift, and applied with a saturating rounding doubling high multiply followed by
 * a rounding right shift. Java's int overflow wraps exactly like the C++ code on every TFLite target.
 */
public final class FixedPoint {
    private FixedPoint() {}

    /** A real multiplier as TFLite stores it: {@code multiplier * 2^(shift - 31)}. */
    public static final class Multiplier {
        public final int multiplier;
        public final int shift;

        public Multiplier(int multiplier, int shift) {
            this.multiplier = multiplier;
            this.shift = shift;
        }

        public int apply(int x) {
            return multiplyByQuantizedMultiplier(x, multiplier, shift);
        }

        @Override
        public String toString() {
            return multiplier + "*2^" + shift;
        }
    }

    /** TFLite {@code QuantizeMultiplier}: frexp, round half away from zero to Q31, fix the 1.0 corner case. */
    public static Multiplier quantizeMultiplier(double realMultiplier) {
        if (realMultiplier == 0.0) {
            return new Multiplier(0, 0);
        }
        if (!(realMultiplier > 0) || Double.isInfinite(realMultiplier)) {
            throw new IllegalArgumentException("multiplier must be positive and finite, got " + realMultiplier);
        }
        int shift = Math.getExponent(realMultiplier) + 1; // frexp: q in [0.5, 1)
        double q = Math.scalb(realMultiplier, -shift);
        long qFixed = Math.round(q * (1L << 31)); // q > 0: Java's half-up equals C's half-away-from-zero
        if (qFixed == (1L << 31)) {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31) {
            shift = 0;
            qFixed = 0;
        }
        if (shift > 30) {
            shift = 30;
            qFixed = (1L << 31) - 1;
        }
        return new Multiplier((int) qFixed, shift);
    }

    /** gemmlowp {@code SaturatingRoundingDoublingHighMul}. */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == b && a == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * (long) b;
        int nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
        return (int) ((ab + nudge) / (1L << 31)); // C++ and Java both truncate toward zero
    }

    /** gemmlowp {@code RoundingDivideByPOT}: round half away from zero. */
    public static int roundingDivideByPOT(int x, int exponent) {
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /** TFLite {@code MultiplyByQuantizedMultiplier} (double rounding, the default build). */
    public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier), rightShift);
    }

    /** TFLite {@code MultiplyByQuantizedMultiplierSmallerThanOneExp} (legacy uint8 kernels, shift <= 0). */
    public static int multiplyByQuantizedMultiplierSmallerThanOneExp(int x, int multiplier, int shift) {
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -shift);
    }

    /** TFLite {@code MultiplyByQuantizedMultiplierGreaterThanOne} (legacy kernels, shift >= 0). */
    public static int multiplyByQuantizedMultiplierGreaterThanOne(int x, int multiplier, int shift) {
        return saturatingRoundingDoublingHighMul(x * (1 << shift), multiplier);
    }

    /**
     * Clamp range of a quantized output for a fused activation (TFLite {@code CalculateActivationRangeQuantized}):
     * returns {min, max} in the output's integer domain.
     */
    public static int[] activationRange(int fusedActivation, float scale, int zeroPoint, int qmin, int qmax) {
        switch (fusedActivation) {
            case 0: // NONE
                return new int[] {qmin, qmax};
            case 1: // RELU
                return new int[] {Math.max(qmin, quantize(0f, scale, zeroPoint)), qmax};
            case 2: // RELU_N1_TO_1
                return new int[] {Math.max(qmin, quantize(-1f, scale, zeroPoint)),
                    Math.min(qmax, quantize(1f, scale, zeroPoint))};
            case 3: // RELU6
                return new int[] {Math.max(qmin, quantize(0f, scale, zeroPoint)),
                    Math.min(qmax, quantize(6f, scale, zeroPoint))};
            default:
                throw new IllegalArgumentException("fused activation " + fusedActivation
                        + " is not supported on quantized tensors");
        }
    }

    /** TFLite's {@code Quantize} helper for activation bounds: zp + round(x / scale) (round half away from 0). */
    public static int quantize(float x, float scale, int zeroPoint) {
        float q = x / scale;
        return zeroPoint + (int) (q >= 0 ? Math.floor(q + 0.5f) : Math.ceil(q - 0.5f));
    }

    /** Float clamp range for a fused activation ({@code CalculateActivationRange}). */
    public static float[] activationRange(int fusedActivation) {
        switch (fusedActivation) {
            case 0:
                return new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
            case 1:
                return new float[] {0f, Float.POSITIVE_INFINITY};
            case 2:
                return new float[] {-1f, 1f};
            case 3:
                return new float[] {0f, 6f};
            default:
                throw new IllegalArgumentException("fused activation " + fusedActivation + " is not supported");
        }
    }

    /** C's {@code (int) std::round(x)} on a float: half away from zero (Java's Math.round rounds half up). */
    public static int roundHalfAwayFromZero(float x) {
        double v = x; // x + 0.5 is exact in double, so this is one correct rounding
        return (int) (v >= 0 ? Math.floor(v + 0.5) : Math.ceil(v - 0.5));
    }

    /** {@code x / n} rounded half away from zero with C's truncating division (TFLite's int8 pooling and mean). */
    public static int divideRoundHalfAwayFromZero(int x, int n) {
        return (x > 0 ? x + n / 2 : x - n / 2) / n;
    }

    /**
     * The requantization of ruy's x86 kernels, which TFLite 2.21 uses for int8 CONV_2D and FULLY_CONNECTED on
     * x86: gemmlowp's doubling high multiply, then a rounding right shift with ties rounded upward (not away
     * from zero). Found by comparing every output of the fixture models' int8 convolutions with TFLite.
     */
    public static int multiplyByQuantizedMultiplierRuyX86(int x, int multiplier, int shift) {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        int high = saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier);
        return rightShift == 0 ? high : (int) (((long) high + (1L << (rightShift - 1))) >> rightShift);
    }
}
