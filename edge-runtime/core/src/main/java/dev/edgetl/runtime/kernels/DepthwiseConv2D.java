package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Parallel;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.gemm.GemmBackend;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;

/**
 * DEPTHWISE_CONV_2D: weights [1, kH, kW, C * M], output channel {@code c * M + m} reads input channel c.
 * float32, uint8, int8 (per-channel scales on the last dimension) and hybrid (per-batch asymmetric input
 * quantization, as TFLite's only hybrid depthwise kernel does). TFLite's depthwise kernels requantize with
 * the double-rounding {@code MultiplyByQuantizedMultiplier} for both uint8 and int8.
 */
final class DepthwiseConv2D {
    private DepthwiseConv2D() {}

    static Kernel create(OpContext ctx) {
        Tensor input = ctx.requireInput(0);
        Tensor filter = ctx.requireInput(1);
        Tensor bias = ctx.input(2);
        Tensor output = ctx.output(0);
        DepthwiseConv2DOptions o = ctx.options(new DepthwiseConv2DOptions());
        int padding = o == null ? ConvGeometry.PADDING_SAME : o.padding();
        int strideH = o == null ? 1 : o.strideH();
        int strideW = o == null ? 1 : o.strideW();
        int dilH = o == null ? 1 : o.dilationHFactor();
        int dilW = o == null ? 1 : o.dilationWFactor();
        int act = o == null ? 0 : o.fusedActivationFunction();
        ctx.checkRank(filter, "filter", 4);
        ctx.checkRank(input, "input", 4);
        ConvOperands.requireConstant(ctx, filter, "filter");
        if (bias != null) {
            ConvOperands.requireConstant(ctx, bias, "bias");
        }
        OutputStage.Mode mode = OutputStage.modeOf(ctx, input, filter, output);
        int outC = filter.dim(3);
        int inC = input.dim(3);
        if (filter.dim(0) != 1 || inC == 0 || outC % inC != 0) {
            throw ctx.error("filter " + filter.describe() + " must be [1, kH, kW, C * M] for an input with " + inC
                    + " channels");
        }
        int multiplier = outC / inC;
        if (o != null && o.depthMultiplier() != 0 && o.depthMultiplier() != multiplier) {
            throw ctx.error("depth_multiplier " + o.depthMultiplier() + " does not match filter " + filter.describe());
        }
        ConvGeometry g = new ConvGeometry(ctx, input, filter.dim(1), filter.dim(2), outC, output, padding, strideH,
                strideW, dilH, dilW);
        OutputStage stage = OutputStage.create(ctx, mode, input, filter, bias, output, outC, act, true);
        HybridInput hybrid = mode == OutputStage.Mode.HYBRID ? new HybridInput(ctx, input.size, g.batches, true) : null;
        float[] wf;
        int maxW = 0;
        if (mode == OutputStage.Mode.FLOAT) {
            wf = ConvOperands.floatWeights(filter);
            if (ctx.referenceOnly() || multiplier != 1) {
                return () -> referenceFloat(g, multiplier, input, wf, stage, output);
            }
        } else {
            int[] w = ConvOperands.intWeights(ctx, filter);
            maxW = ConvOperands.maxAbs(w);
            int taps = g.kH * g.kW;
            boolean exact = taps <= GemmBackend.exactChunk(ConvOperands.maxInputMagnitude(input, mode), maxW);
            if (ctx.referenceOnly() || multiplier != 1 || !exact) {
                return () -> {
                    if (hybrid != null) {
                        hybrid.quantize(input.f, input.offset, stage);
                    }
                    referenceInt(g, multiplier, input, hybrid, w, stage, output);
                };
            }
            wf = ConvOperands.toFloat(w);
        }
        return new Optimized(ctx, g, mode, stage, input, output, wf, hybrid);
    }

    static void referenceFloat(ConvGeometry g, int mult, Tensor in, float[] w, OutputStage stage, Tensor out) {
        for (int b = 0; b < g.batches; b++) {
            for (int oy = 0; oy < g.outH; oy++) {
                for (int ox = 0; ox < g.outW; ox++) {
                    for (int oc = 0; oc < g.outC; oc++) {
                        int ic = oc / mult;
                        float sum = 0;
                        for (int ky = 0; ky < g.kH; ky++) {
                            int iy = oy * g.strideH - g.padTop + ky * g.dilH;
                            for (int kx = 0; kx < g.kW; kx++) {
                                int ix = ox * g.strideW - g.padLeft + kx * g.dilW;
                                if (iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW) {
                                    sum += in.f[in.offset + ((b * g.inH + iy) * g.inW + ix) * g.inC + ic]
                                            * w[(ky * g.kW + kx) * g.outC + oc];
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

    static void referenceInt(ConvGeometry g, int mult, Tensor in, HybridInput hybrid, int[] w, OutputStage stage,
            Tensor out) {
        for (int b = 0; b < g.batches; b++) {
            for (int oy = 0; oy < g.outH; oy++) {
                for (int ox = 0; ox < g.outW; ox++) {
                    for (int oc = 0; oc < g.outC; oc++) {
                        int ic = oc / mult;
                        int acc = 0;
                        for (int ky = 0; ky < g.kH; ky++) {
                            int iy = oy * g.strideH - g.padTop + ky * g.dilH;
                            for (int kx = 0; kx < g.kW; kx++) {
                                int ix = ox * g.strideW - g.padLeft + kx * g.dilW;
                                if (iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW) {
                                    acc += QuantizedInput.value(in, hybrid, b,
                                            ((b * g.inH + iy) * g.inW + ix) * g.inC + ic)
                                            * w[(ky * g.kW + kx) * g.outC + oc];
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

    /**
     * Depth multiplier 1: per output pixel, channel vectors of the input pixels under the window are
     * multiplied by the tap's weight vector and accumulated ({@link GemmBackend#multiplyAdd}), in the same
     * tap order as the reference. Integer inputs are first converted to zero-point-corrected floats, whose
     * window sums are exact (checked at create time). Threads split output rows.
     */
    static final class Optimized implements Kernel {
        private final ConvGeometry g;
        private final OutputStage.Mode mode;
        private final OutputStage stage;
        private final Tensor in;
        private final Tensor out;
        private final float[] w;
        private final HybridInput hybrid;
        private final GemmBackend backend;
        private final float[] converted;
        private final float[][] acc;
        private final Parallel parallel;
        private final int parts;
        private final Parallel.Body body;
        private final Parallel.Body convertBody;

        Optimized(OpContext ctx, ConvGeometry g, OutputStage.Mode mode, OutputStage stage, Tensor in, Tensor out,
                float[] w, HybridInput hybrid) {
            this.g = g;
            this.mode = mode;
            this.stage = stage;
            this.in = in;
            this.out = out;
            this.w = w;
            ctx.countPacked(4L * w.length);
            this.hybrid = hybrid;
            this.backend = ctx.interpreterOptions().backend();
            this.converted = mode == OutputStage.Mode.FLOAT ? null : ctx.newFloatScratch(in.size);
            this.parallel = ctx.parallel();
            this.parts = Math.min(parallel.threads(), g.batches * g.outH);
            this.acc = new float[parts][];
            for (int p = 0; p < parts; p++) {
                acc[p] = ctx.newFloatScratch(g.outC);
            }
            this.body = this::runParts;
            this.convertBody = this::convert;
        }

        @Override
        public void run() {
            if (hybrid != null) {
                hybrid.quantize(in.f, in.offset, stage);
            }
            if (converted != null) {
                parallel.forRange(g.batches * g.inH, convertBody);
            }
            parallel.forRange(parts, body);
        }

        /** Input rows [from, to) (over batch * height) as zero-point-corrected floats. */
        private void convert(int from, int to) {
            int rowLen = g.inW * g.inC;
            for (int row = from; row < to; row++) {
                int b = row / g.inH;
                int base = row * rowLen;
                if (hybrid != null) {
                    int zp = hybrid.zeroPoint[b];
                    byte[] q = hybrid.q;
                    for (int k = base; k < base + rowLen; k++) {
                        converted[k] = q[k] - zp;
                    }
                } else {
                    int zp = in.zeroPoint();
                    byte[] x = in.b;
                    int off = in.offset;
                    if (in.dtype == DType.UINT8) {
                        for (int k = base; k < base + rowLen; k++) {
                            converted[k] = (x[off + k] & 0xFF) - zp;
                        }
                    } else {
                        for (int k = base; k < base + rowLen; k++) {
                            converted[k] = x[off + k] - zp;
                        }
                    }
                }
            }
        }

        private void runParts(int from, int to) {
            int rows = g.batches * g.outH;
            for (int p = from; p < to; p++) {
                int r0 = (int) ((long) rows * p / parts);
                int r1 = (int) ((long) rows * (p + 1) / parts);
                for (int r = r0; r < r1; r++) {
                    runRow(acc[p], r / g.outH, r % g.outH);
                }
            }
        }

        private void runRow(float[] a, int b, int oy) {
            float[] x = converted != null ? converted : in.f;
            int xOff = converted != null ? 0 : in.offset;
            int c = g.outC;
            for (int ox = 0; ox < g.outW; ox++) {
                java.util.Arrays.fill(a, 0f);
                for (int ky = 0; ky < g.kH; ky++) {
                    int iy = oy * g.strideH - g.padTop + ky * g.dilH;
                    if (iy < 0 || iy >= g.inH) {
                        continue;
                    }
                    for (int kx = 0; kx < g.kW; kx++) {
                        int ix = ox * g.strideW - g.padLeft + kx * g.dilW;
                        if (ix >= 0 && ix < g.inW) {
                            backend.multiplyAdd(a, 0, x, xOff + ((b * g.inH + iy) * g.inW + ix) * c, w,
                                    (ky * g.kW + kx) * c, c);
                        }
                    }
                }
                int o = out.offset + ((b * g.outH + oy) * g.outW + ox) * c;
                switch (mode) {
                    case FLOAT:
                        for (int k = 0; k < c; k++) {
                            out.f[o + k] = stage.finishFloat(a[k], k);
                        }
                        break;
                    case QUANTIZED:
                        for (int k = 0; k < c; k++) {
                            out.b[o + k] = (byte) stage.requantize((int) a[k], k);
                        }
                        break;
                    default: {
                        float s = hybrid.batchScale[b];
                        for (int k = 0; k < c; k++) {
                            out.f[o + k] = stage.finishHybrid((int) a[k], k, s);
                        }
                    }
                }
            }
        }
    }
}
