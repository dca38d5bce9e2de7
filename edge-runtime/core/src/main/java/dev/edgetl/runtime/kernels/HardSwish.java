package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;

/**
 * HARD_SWISH: {@code x * relu6(x + 3) / 6}. 8-bit follows TFLite's 16-bit fixed-point kernel: the offset input
 * is moved to a "hires" scale (x 128), rescaled once to the output scale and once to a "reluish" value in
 * [-1, 1] (3.0 = 32768), which is mapped to [0, 1] and multiplied in with a truncating doubling high multiply.
 * Both multipliers are computed in float from the float scales and rounded from Q31 to Q15.
 */
final class HardSwish {
    private HardSwish() {}

    static Kernel create(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8);
        ctx.checkType(out, "output", in.dtype);
        if (in.size != out.size) {
            throw ctx.error("input " + in.describe() + " and output " + out.describe() + " differ in size");
        }
        if (in.dtype == DType.FLOAT32) {
            return () -> {
                float[] x = in.f;
                float[] o = out.f;
                for (int k = 0; k < out.size; k++) {
                    float v = x[in.offset + k];
                    o[out.offset + k] = v * Math.min(6f, Math.max(0f, v + 3f)) / 6f;
                }
            };
        }
        ctx.checkQuantized(in, "input");
        ctx.checkQuantized(out, "output");
        Params p = Params.of(ctx, in.scale(), out.scale());
        int inZp = in.zeroPoint();
        int outZp = out.zeroPoint();
        int qmin = LayoutSupport.qmin(out.dtype);
        int qmax = LayoutSupport.qmax(out.dtype);
        boolean unsigned = in.dtype == DType.UINT8;
        return () -> {
            byte[] x = in.b;
            byte[] o = out.b;
            for (int k = 0; k < out.size; k++) {
                int raw = unsigned ? x[in.offset + k] & 0xFF : x[in.offset + k];
                // TFLite adds the zero point in int16 before clamping.
                int q = (short) (p.apply((short) (raw - inZp)) + outZp);
                o[out.offset + k] = (byte) Math.max(qmin, Math.min(qmax, q));
            }
        };
    }

    /** TFLite's {@code HardSwishParams} for one input/output scale pair. */
    static final class Params {
        final short outputMultiplier;
        final int outputExponent;
        final short reluishMultiplier;
        final int reluishExponent;

        private Params(short outputMultiplier, int outputExponent, short reluishMultiplier, int reluishExponent) {
            this.outputMultiplier = outputMultiplier;
            this.outputExponent = outputExponent;
            this.reluishMultiplier = reluishMultiplier;
            this.reluishExponent = reluishExponent;
        }

        static Params of(OpContext ctx, float inputScale, float outputScale) {
            float hiresInputScale = (1.0f / 128.0f) * inputScale;
            float reluishScale = 3.0f / 32768.0f;
            FixedPoint.Multiplier out;
            FixedPoint.Multiplier reluish;
            try {
                out = FixedPoint.quantizeMultiplier(hiresInputScale / outputScale);
                reluish = FixedPoint.quantizeMultiplier(hiresInputScale / reluishScale);
            } catch (IllegalArgumentException e) {
                throw ctx.error("cannot rescale: " + e.getMessage());
            }
            if (out.shift > 0) {
                throw ctx.error("output scale " + outputScale + " is too small for input scale " + inputScale
                        + " (the output multiplier must not exceed 1)");
            }
            if (out.shift < -15 || reluish.shift < -15) {
                // TFLite's int16 rounding shift degenerates beyond 15 bits; such scales do not occur in practice.
                throw ctx.error("input scale " + inputScale + " and output scale " + outputScale
                        + " need a right shift beyond 15 bits, which the 16-bit kernel cannot represent");
            }
            return new Params(FixedPoint.downScaleInt32ToInt16Multiplier(out.multiplier), out.shift,
                    FixedPoint.downScaleInt32ToInt16Multiplier(reluish.multiplier), reluish.shift);
        }

        /** The output before the zero point, from the input minus its zero point; int16 throughout as in TFLite. */
        int apply(short input) {
            short hires = (short) (input * (1 << 7));
            short preshiftOutput = FixedPoint.saturatingRoundingDoublingHighMul16(hires, outputMultiplier);
            short reluish = hires;
            if (reluishExponent > 0) {
                // All but the last bit of the left shift first, so that saturation only happens on the last one.
                reluish = FixedPoint.saturatingLeftShift16(reluish, reluishExponent - 1);
            }
            reluish = FixedPoint.saturatingRoundingDoublingHighMul16(reluish, reluishMultiplier);
            if (reluishExponent > 0) {
                reluish = FixedPoint.saturatingLeftShift16(reluish, 1);
            }
            if (reluishExponent < 0) {
                reluish = (short) FixedPoint.roundingDivideByPOT(reluish, -reluishExponent);
            }
            reluish = (short) ((reluish + (1 << 15)) >> 1); // [-1, 1] -> [0, 1]
            short preshift = FixedPoint.saturatingDoublingHighMul16(reluish, preshiftOutput);
            return (short) FixedPoint.roundingDivideByPOT(preshift, -outputExponent);
        }
    }
}
