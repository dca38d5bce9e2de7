package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * What happens to an accumulator after the MACs: bias, then (float) clamp to the fused activation range,
 * (quantized) fixed-point requantization with TFLite's multipliers and rounding, or (hybrid) rescaling of
 * the integer sum by input and weight scales.
 */
final class OutputStage {
    /** How the three kinds of conv-like ops are computed. */
    enum Mode {
        FLOAT, QUANTIZED, HYBRID
    }

    final Mode mode;
    final int channels;
    /** Float bias (FLOAT, HYBRID) or null. */
    final float[] biasF;
    /** int32 bias (QUANTIZED) or null. */
    final int[] biasI;
    final float fmin;
    final float fmax;
    final int qmin;
    final int qmax;
    final int[] multiplier;
    final int[] shift;
    final int outZeroPoint;
    /** int8 CONV_2D/FULLY_CONNECTED: TFLite runs them through ruy, whose x86 kernels round ties upward. */
    final boolean ruyRounding;
    /** HYBRID: per-channel weight scales (broadcast when per-tensor). */
    final float[] weightScales;
    /** HYBRID: true when TFLite multiplies by (weightScale * inputScale) per channel. */
    final boolean perChannelHybrid;

    private OutputStage(Mode mode, int channels, float[] biasF, int[] biasI, float fmin, float fmax, int qmin,
            int qmax, int[] multiplier, int[] shift, int outZeroPoint, float[] weightScales,
            boolean perChannelHybrid, boolean ruyRounding) {
        this.mode = mode;
        this.channels = channels;
        this.biasF = biasF;
        this.biasI = biasI;
        this.fmin = fmin;
        this.fmax = fmax;
        this.qmin = qmin;
        this.qmax = qmax;
        this.multiplier = multiplier;
        this.shift = shift;
        this.outZeroPoint = outZeroPoint;
        this.weightScales = weightScales;
        this.perChannelHybrid = perChannelHybrid;
        this.ruyRounding = ruyRounding;
    }

    static Mode modeOf(OpContext ctx, Tensor input, Tensor weights, Tensor output) {
        ctx.checkType(input, "input", DType.FLOAT32, DType.UINT8, DType.INT8);
        if (input.dtype == DType.FLOAT32) {
            ctx.checkType(output, "output", DType.FLOAT32);
            ctx.checkType(weights, "weights", DType.FLOAT32, DType.INT8);
            if (weights.dtype == DType.INT8) {
                ctx.checkQuantized(weights, "weights");
                return Mode.HYBRID;
            }
            return Mode.FLOAT;
        }
        ctx.checkType(output, "output", input.dtype);
        ctx.checkType(weights, "weights", input.dtype);
        ctx.checkQuantized(input, "input");
        ctx.checkQuantized(weights, "weights");
        ctx.checkQuantized(output, "output");
        return Mode.QUANTIZED;
    }

    static OutputStage create(OpContext ctx, Mode mode, Tensor input, Tensor weights, Tensor bias, Tensor output,
            int channels, int fusedActivation, boolean perChannelHybrid) {
        if (bias != null) {
            if (bias.size != channels) {
                throw ctx.error("bias " + bias.describe() + " has " + bias.size + " values for " + channels
                        + " output channels");
            }
            ctx.checkType(bias, "bias", mode == Mode.QUANTIZED ? DType.INT32 : DType.FLOAT32);
        }
        float[] scales = weightScales(ctx, weights, channels, mode);
        switch (mode) {
            case FLOAT:
            case HYBRID: {
                float[] range = floatRange(ctx, fusedActivation);
                float[] b = null;
                if (bias != null) {
                    b = new float[channels];
                    System.arraycopy(bias.f, bias.offset, b, 0, channels);
                }
                return new OutputStage(mode, channels, b, null, range[0], range[1], 0, 0, null, null, 0,
                        scales, perChannelHybrid, false);
            }
            default: {
                int[] b = new int[channels];
                if (bias != null) {
                    System.arraycopy(bias.i, bias.offset, b, 0, channels);
                }
                boolean u8 = output.dtype == DType.UINT8;
                int[] range;
                try {
                    range = FixedPoint.activationRange(fusedActivation, output.scale(), output.zeroPoint(),
                            u8 ? 0 : -128, u8 ? 255 : 127);
                } catch (IllegalArgumentException e) {
                    throw ctx.error(e.getMessage());
                }
                int[] mult = new int[channels];
                int[] sh = new int[channels];
                double inScale = input.scale();
                double outScale = output.scale();
                int op = ctx.op().builtinCode();
                // TFLite's legacy multiplier (uint8, and int8 per-tensor FULLY_CONNECTED) multiplies the two
                // scales in float before widening; the per-channel one multiplies in double. A last-bit
                // difference in the multiplier flips near-ties, so both are reproduced.
                boolean floatProduct = u8 || (op == BuiltinOperator.FULLY_CONNECTED && !weights.quant.isPerChannel());
                boolean ruy = !u8 && (op == BuiltinOperator.CONV_2D || op == BuiltinOperator.FULLY_CONNECTED);
                for (int c = 0; c < channels; c++) {
                    double real = floatProduct ? (double) (input.scale() * scales[c]) / outScale
                            : inScale * (double) scales[c] / outScale;
                    FixedPoint.Multiplier m;
                    try {
                        m = FixedPoint.quantizeMultiplier(real);
                    } catch (IllegalArgumentException e) {
                        throw ctx.error("output multiplier of channel " + c + ": " + e.getMessage());
                    }
                    mult[c] = m.multiplier;
                    sh[c] = m.shift;
                }
                return new OutputStage(mode, channels, null, b, 0, 0, range[0], range[1], mult, sh,
                        output.zeroPoint(), scales, false, ruy);
            }
        }
    }

    private static float[] floatRange(OpContext ctx, int fusedActivation) {
        try {
            return FixedPoint.activationRange(fusedActivation);
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
    }

    /** Weight scales per output channel; a per-tensor scale is broadcast. */
    private static float[] weightScales(OpContext ctx, Tensor weights, int channels, Mode mode) {
        if (mode == Mode.FLOAT) {
            return null;
        }
        float[] s = weights.quant.scales();
        float[] out = new float[channels];
        if (s.length == 1) {
            java.util.Arrays.fill(out, s[0]);
        } else if (s.length == channels) {
            System.arraycopy(s, 0, out, 0, channels);
        } else {
            throw ctx.error("weights " + weights.describe() + " have " + s.length + " scales for " + channels
                    + " output channels");
        }
        for (float v : out) {
            if (!(v > 0) || Float.isInfinite(v)) {
                throw ctx.error("weights " + weights.describe() + " have a non-positive or infinite scale " + v);
            }
        }
        return out;
    }

    /**
     * QUANTIZED: the stored output value of int32 accumulator {@code acc} (bias not yet added) on channel c.
     * What TFLite 2.21 does on x86, established with the oracle (ConvOracleTest, OpsInFixtureModelsTest,
     * RequantizationTiesTest):
     * <ul>
     *   <li>multiplier: {@code QuantizeMultiplier(in_scale * w_scale / out_scale)}, the scale product taken in
     *       float on the legacy path (uint8, int8 per-tensor FULLY_CONNECTED) and in double otherwise;</li>
     *   <li>uint8 CONV_2D/FULLY_CONNECTED (gemmlowp) and all DEPTHWISE_CONV_2D: the double-rounding
     *       {@code MultiplyByQuantizedMultiplier} (ties of the final shift away from zero);</li>
     *   <li>int8 CONV_2D/FULLY_CONNECTED (ruy's x86 kernels): the same two roundings, but ties of the final
     *       shift go up ({@link FixedPoint#multiplyByQuantizedMultiplierRuyX86}); not ruy's reference single
     *       rounding (ConvOracleTest seed 13: 3346 * 1971469594 * 2^-42 = 1.49988 is stored as 2).</li>
     * </ul>
     */
    int requantize(int acc, int c) {
        int x = acc + biasI[c];
        x = ruyRounding ? FixedPoint.multiplyByQuantizedMultiplierRuyX86(x, multiplier[c], shift[c])
                : FixedPoint.multiplyByQuantizedMultiplier(x, multiplier[c], shift[c]);
        x += outZeroPoint;
        return Math.min(qmax, Math.max(qmin, x));
    }

    /** FLOAT: bias and clamp. */
    float finishFloat(float sum, int c) {
        float v = biasF == null ? sum : sum + biasF[c];
        return Math.min(fmax, Math.max(fmin, v));
    }

    /**
     * HYBRID: TFLite's {@code acc * scale + bias}, where scale is (weightScale[c] * inputScale) for per-channel
     * kernels, or the per-batch {@code inputScale * weightScale} product precomputed by the caller.
     */
    float finishHybrid(int acc, int c, float inputScale) {
        float scale = perChannelHybrid ? weightScales[c] * inputScale : inputScale;
        float v = (float) acc * scale;
        if (biasF != null) {
            v += biasF[c];
        }
        return Math.min(fmax, Math.max(fmin, v));
    }

    /** HYBRID, per-tensor: the scale factor TFLite multiplies the integer sums of batch b with. */
    float hybridBatchScale(float inputScale) {
        return perChannelHybrid ? inputScale : inputScale * weightScales[0];
    }
}
