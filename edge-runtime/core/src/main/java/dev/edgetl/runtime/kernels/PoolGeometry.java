package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;

/**
 * The validated geometry of a 2-D pooling operator (NHWC): filter, strides and TensorFlow's padding. SAME pads
 * {@code total / 2} before and the odd remainder after (bottom/right), so windows are clipped at the borders and
 * only the leading pad is needed to place them.
 */
final class PoolGeometry {
    final Tensor input;
    final Tensor output;
    final int batches;
    final int inH;
    final int inW;
    final int channels;
    final int outH;
    final int outW;
    final int filterH;
    final int filterW;
    final int strideH;
    final int strideW;
    final int padTop;
    final int padLeft;
    final int fusedActivation;

    PoolGeometry(OpContext ctx) {
        input = ctx.requireInput(0);
        output = ctx.output(0);
        ctx.checkType(input, "input", DType.FLOAT32, DType.INT8, DType.UINT8);
        LayoutSupport.checkSameType(ctx, input, "input", output);
        ctx.checkRank(input, "input", 4);
        if (input.dtype.isQuantized8()) {
            ctx.checkQuantized(input, "input");
        }
        LayoutSupport.checkSameQuantization(ctx, input, "input", output);
        Pool2DOptions o = ctx.options(new Pool2DOptions());
        if (o == null) {
            throw ctx.error("has no Pool2DOptions");
        }
        filterH = o.filterHeight();
        filterW = o.filterWidth();
        strideH = o.strideH();
        strideW = o.strideW();
        fusedActivation = o.fusedActivationFunction();
        if (filterH <= 0 || filterW <= 0 || strideH <= 0 || strideW <= 0) {
            throw ctx.error("filter " + filterH + "x" + filterW + " and strides " + strideH + "x" + strideW
                    + " must all be positive");
        }
        batches = input.dim(0);
        inH = input.dim(1);
        inW = input.dim(2);
        channels = input.dim(3);
        int padding = o.padding();
        if (padding == Padding.SAME) {
            outH = (inH + strideH - 1) / strideH;
            outW = (inW + strideW - 1) / strideW;
        } else if (padding == Padding.VALID) {
            outH = (inH - filterH + strideH) / strideH;
            outW = (inW - filterW + strideW) / strideW;
        } else {
            throw ctx.error("padding " + padding + " is not SAME or VALID");
        }
        if (outH <= 0 || outW <= 0) {
            throw ctx.error("filter " + filterH + "x" + filterW + " does not fit input " + input.describe());
        }
        padTop = Math.max(((outH - 1) * strideH + filterH - inH) / 2, 0);
        padLeft = Math.max(((outW - 1) * strideW + filterW - inW) / 2, 0);
        LayoutSupport.checkShape(ctx, output, new int[] {batches, outH, outW, channels});
    }
}
