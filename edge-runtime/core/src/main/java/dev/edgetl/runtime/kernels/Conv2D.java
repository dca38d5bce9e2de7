package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import org.tensorflow.lite.schema.Conv2DOptions;

/**
 * CONV_2D: NHWC input, OHWI weights, optional bias; float32, uint8 (per-tensor), int8 (per-channel or
 * per-tensor weights) and hybrid (float input, int8 weights). Integer outputs are requantized like
 * TFLite 2.21 on x86 (see {@link OutputStage#requantize}).
 */
final class Conv2D {
    private Conv2D() {}

    static Kernel create(OpContext ctx) {
        Tensor input = ctx.requireInput(0);
        Tensor filter = ctx.requireInput(1);
        Tensor bias = ctx.input(2);
        Tensor output = ctx.output(0);
        Conv2DOptions o = ctx.options(new Conv2DOptions());
        int padding = o == null ? ConvGeometry.PADDING_SAME : o.padding();
        int strideH = o == null ? 1 : o.strideH();
        int strideW = o == null ? 1 : o.strideW();
        int dilH = o == null ? 1 : o.dilationHFactor();
        int dilW = o == null ? 1 : o.dilationWFactor();
        int act = o == null ? 0 : o.fusedActivationFunction();
        ctx.checkRank(filter, "filter", 4);
        ConvOperands.requireConstant(ctx, filter, "filter");
        if (bias != null) {
            ConvOperands.requireConstant(ctx, bias, "bias");
        }
        OutputStage.Mode mode = OutputStage.modeOf(ctx, input, filter, output);
        ctx.checkRank(input, "input", 4);
        if (filter.dim(3) != input.dim(3)) {
            throw ctx.error("filter " + filter.describe() + " has " + filter.dim(3) + " input channels, input has "
                    + input.dim(3));
        }
        int outC = filter.dim(0);
        ConvGeometry g = new ConvGeometry(ctx, input, filter.dim(1), filter.dim(2), outC, output, padding, strideH,
                strideW, dilH, dilW);
        boolean perChannelHybrid = mode == OutputStage.Mode.HYBRID && ConvOperands.scalesDiffer(filter);
        OutputStage stage = OutputStage.create(ctx, mode, input, filter, bias, output, outC, act, perChannelHybrid);
        // TFLite quantizes hybrid conv inputs asymmetrically only in its per-channel kernel.
        HybridInput hybrid = mode == OutputStage.Mode.HYBRID
                ? new HybridInput(ctx, input.size, g.batches, perChannelHybrid) : null;
        if (mode == OutputStage.Mode.FLOAT) {
            float[] w = ConvOperands.floatWeights(filter);
            if (ctx.referenceOnly()) {
                return () -> referenceFloat(g, input, w, stage, output);
            }
            return new GemmConv(ctx, mode, stage, g, input, output, g.outPixels(), g.patchSize(), outC, w, 0, null);
        }
        int[] w = ConvOperands.intWeights(ctx, filter);
        if (ctx.referenceOnly()) {
            return () -> {
                if (hybrid != null) {
                    hybrid.quantize(input.f, input.offset, stage);
                }
                referenceInt(g, input, hybrid, w, stage, output);
            };
        }
        return new GemmConv(ctx, mode, stage, g, input, output, g.outPixels(), g.patchSize(), outC,
                ConvOperands.toFloat(w), ConvOperands.maxAbs(w), hybrid);
    }

    /** The definition: for each output value, the sum over the window in (ky, kx, c) order, bias, clamp. */
    static void referenceFloat(ConvGeometry g, Tensor in, float[] w, OutputStage stage, Tensor out) {
        for (int b = 0; b < g.batches; b++) {
            for (int oy = 0; oy < g.outH; oy++) {
                for (int ox = 0; ox < g.outW; ox++) {
                    for (int oc = 0; oc < g.outC; oc++) {
                        float sum = 0;
                        for (int ky = 0; ky < g.kH; ky++) {
                            int iy = oy * g.strideH - g.padTop + ky * g.dilH;
                            for (int kx = 0; kx < g.kW; kx++) {
                                int ix = ox * g.strideW - g.padLeft + kx * g.dilW;
                                if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) {
                                    continue;
                                }
                                int xi = in.offset + ((b * g.inH + iy) * g.inW + ix) * g.inC;
                                int wi = ((oc * g.kH + ky) * g.kW + kx) * g.inC;
                                for (int c = 0; c < g.inC; c++) {
                                    sum += in.f[xi + c] * w[wi + c];
                                }
                            }
                        }
                        out.f[out.offset + ((b * g.outH + oy) * g.outW + ox) * g.outC + oc] =
                                stage.finishFloat(sum, oc);
                    }
                }
            }
        }
    }

    /**
     * Integer definition: int32 sum of (input - input zero point) * (weight - weight zero point) over the
     * window, then requantized (QUANTIZED) or rescaled to float (HYBRID, inputs quantized per batch).
     */
    static void referenceInt(ConvGeometry g, Tensor in, HybridInput hybrid, int[] w, OutputStage stage,
            Tensor out) {
        for (int b = 0; b < g.batches; b++) {
            for (int oy = 0; oy < g.outH; oy++) {
                for (int ox = 0; ox < g.outW; ox++) {
                    for (int oc = 0; oc < g.outC; oc++) {
                        int acc = 0;
                        for (int ky = 0; ky < g.kH; ky++) {
                            int iy = oy * g.strideH - g.padTop + ky * g.dilH;
                            for (int kx = 0; kx < g.kW; kx++) {
                                int ix = ox * g.strideW - g.padLeft + kx * g.dilW;
                                if (iy < 0 || iy >= g.inH || ix < 0 || ix >= g.inW) {
                                    continue;
                                }
                                int xi = ((b * g.inH + iy) * g.inW + ix) * g.inC;
                                int wi = ((oc * g.kH + ky) * g.kW + kx) * g.inC;
                                for (int c = 0; c < g.inC; c++) {
                                    acc += QuantizedInput.value(in, hybrid, b, xi + c) * w[wi + c];
                                }
                            }
                        }
                        int oi = out.offset + ((b * g.outH + oy) * g.outW + ox) * g.outC + oc;
                        if (hybrid == null) {
                            out.b[oi] = (byte) stage.requantize(acc, oc);
                        } else {
                            out.f[oi] = stage.finishHybrid(acc, oc, hybrid.batchScale[b]);
                        }
                    }
                }
            }
        }
    }
}
