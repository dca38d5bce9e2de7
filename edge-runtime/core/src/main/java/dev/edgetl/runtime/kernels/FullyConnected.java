package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import org.tensorflow.lite.schema.FullyConnectedOptions;

/**
 * FULLY_CONNECTED: weights [out, in]; the input is flattened to [size / in, in] (keep_num_dims only changes
 * the output shape, which the model carries). float32, uint8, int8 and hybrid (per-batch symmetric input
 * quantization, or asymmetric when the asymmetric_quantize_inputs option is set).
 */
final class FullyConnected {
    private FullyConnected() {}

    static Kernel create(OpContext ctx) {
        Tensor input = ctx.requireInput(0);
        Tensor weights = ctx.requireInput(1);
        Tensor bias = ctx.input(2);
        Tensor output = ctx.output(0);
        FullyConnectedOptions o = ctx.options(new FullyConnectedOptions());
        int act = o == null ? 0 : o.fusedActivationFunction();
        if (o != null && o.weightsFormat() != 0) {
            throw ctx.error("only the DEFAULT weights format is supported, got " + o.weightsFormat());
        }
        boolean asymmetric = o != null && o.asymmetricQuantizeInputs();
        ctx.checkRank(weights, "weights", 2);
        ConvOperands.requireConstant(ctx, weights, "weights");
        if (bias != null) {
            ConvOperands.requireConstant(ctx, bias, "bias");
        }
        OutputStage.Mode mode = OutputStage.modeOf(ctx, input, weights, output);
        int units = weights.dim(0);
        int depth = weights.dim(1);
        if (depth == 0 || input.size % depth != 0) {
            throw ctx.error("input " + input.describe() + " cannot be flattened to rows of " + depth + " values");
        }
        int rows = input.size / depth;
        if (output.size != rows * units) {
            throw ctx.error("output " + output.describe() + " should have " + rows * units + " elements");
        }
        OutputStage stage = OutputStage.create(ctx, mode, input, weights, bias, output, units, act,
                weights.quant.scales().length > 1);
        HybridInput hybrid = mode == OutputStage.Mode.HYBRID ? new HybridInput(ctx, input.size, rows, asymmetric)
                : null;
        if (mode == OutputStage.Mode.FLOAT) {
            float[] w = ConvOperands.floatWeights(weights);
            if (ctx.referenceOnly()) {
                return () -> referenceFloat(rows, depth, units, input, w, stage, output);
            }
            return new GemmConv(ctx, mode, stage, null, input, output, rows, depth, units, w, 0, null);
        }
        int[] w = ConvOperands.intWeights(ctx, weights);
        if (ctx.referenceOnly()) {
            return () -> {
                if (hybrid != null) {
                    hybrid.quantize(input.f, input.offset, stage);
                }
                referenceInt(rows, depth, units, input, hybrid, w, stage, output);
            };
        }
        return new GemmConv(ctx, mode, stage, null, input, output, rows, depth, units, ConvOperands.toFloat(w),
                ConvOperands.maxAbs(w), hybrid);
    }

    static void referenceFloat(int rows, int depth, int units, Tensor in, float[] w, OutputStage stage,
            Tensor out) {
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                float sum = 0;
                for (int k = 0; k < depth; k++) {
                    sum += in.f[in.offset + r * depth + k] * w[u * depth + k];
                }
                out.f[out.offset + r * units + u] = stage.finishFloat(sum, u);
            }
        }
    }

    static void referenceInt(int rows, int depth, int units, Tensor in, HybridInput hybrid, int[] w,
            OutputStage stage, Tensor out) {
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                int acc = 0;
                for (int k = 0; k < depth; k++) {
                    acc += QuantizedInput.value(in, hybrid, r, r * depth + k) * w[u * depth + k];
                }
                int oi = out.offset + r * units + u;
                if (hybrid == null) {
                    out.b[oi] = (byte) stage.requantize(acc, u);
                } else {
                    out.f[oi] = stage.finishHybrid(acc, u, hybrid.batchScale[r]);
                }
            }
        }
    }
}
