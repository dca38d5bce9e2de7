package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import org.tensorflow.lite.schema.SplitOptions;

/**
 * SPLIT into {@code num_splits} equal parts along a constant axis (input 0, negative counts from the end) of
 * input 1; ShuffleNetV2's channel split. Plain copies, for float32, int8, uint8, int16, int32 and int64.
 */
final class Split implements Kernel {
    private final Object src;
    private final int srcOffset;
    private final Object[] dst;
    private final int[] dstOffset;
    private final int outer;
    private final int chunk;

    private Split(OpContext ctx) {
        Tensor axisTensor = ctx.requireInput(0);
        Tensor in = ctx.requireInput(1);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.INT64);
        ctx.checkType(axisTensor, "axis", DType.INT32);
        int[] axisValues = LayoutSupport.intConstant(ctx, axisTensor, "axis");
        if (axisValues.length != 1) {
            throw ctx.error("axis " + axisTensor.describe() + " must hold exactly one value");
        }
        int rank = in.rank();
        int axis = LayoutSupport.normalizeAxis(ctx, axisValues[0], rank, "axis");
        SplitOptions o = ctx.options(new SplitOptions());
        int n = o == null ? 0 : o.numSplits();
        if (n <= 0 || n != ctx.numOutputs()) {
            throw ctx.error("num_splits " + n + " must be positive and equal the number of outputs, "
                    + ctx.numOutputs());
        }
        if (in.dim(axis) % n != 0) {
            throw ctx.error("input " + in.describe() + " dimension " + axis + " of size " + in.dim(axis)
                    + " cannot be split in " + n + " equal parts");
        }
        int[] outShape = in.shape.clone();
        outShape[axis] = in.dim(axis) / n;
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= in.dim(d);
        }
        int outerCount = 1;
        for (int d = 0; d < axis; d++) {
            outerCount *= in.dim(d);
        }
        dst = new Object[n];
        dstOffset = new int[n];
        for (int k = 0; k < n; k++) {
            Tensor out = ctx.output(k);
            LayoutSupport.checkSameType(ctx, in, "input", out);
            LayoutSupport.checkSameQuantization(ctx, in, "input", out);
            LayoutSupport.checkShape(ctx, out, outShape);
            dst[k] = LayoutSupport.array(out);
            dstOffset[k] = out.offset;
        }
        src = LayoutSupport.array(in);
        srcOffset = in.offset;
        outer = outerCount;
        chunk = outShape[axis] * inner;
    }

    static Kernel create(OpContext ctx) {
        return new Split(ctx);
    }

    @Override
    public void run() {
        int s = srcOffset;
        for (int row = 0; row < outer; row++) {
            for (int k = 0; k < dst.length; k++, s += chunk) {
                System.arraycopy(src, s, dst[k], dstOffset[k] + row * chunk, chunk);
            }
        }
    }
}
