package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;
import org.tensorflow.lite.schema.StridedSliceOptions;

/**
 * STRIDED_SLICE up to 6-D with constant begin/end/strides, begin_mask, end_mask, shrink_axis_mask and offset,
 * resolved like TFLite's {@code strided_slice_logic}: negative indices count from the end, then starts and stops
 * are clamped to [0, size] (positive stride) or [-1, size - 1] (negative stride); a shrunk axis takes one element.
 * Axes beyond the begin vector are taken whole. ellipsis_mask and new_axis_mask are refused.
 */
final class StridedSlice implements Kernel {
    private static final int MAX_RANK = 6;

    private final Tensor in;
    private final Tensor out;
    private final int[] counts = new int[MAX_RANK];
    private final int[] steps = new int[MAX_RANK];
    private final int base;

    private StridedSlice(OpContext ctx) {
        in = ctx.requireInput(0);
        out = ctx.output(0);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.INT64,
                DType.BOOL);
        LayoutSupport.checkSameType(ctx, in, "input", out);
        LayoutSupport.checkSameQuantization(ctx, in, "input", out);
        int rank = in.rank();
        if (rank > MAX_RANK) {
            throw ctx.error("input " + in.describe() + " has rank " + rank + "; STRIDED_SLICE supports up to 6");
        }
        int[] begin = LayoutSupport.intConstant(ctx, ctx.requireInput(1), "begin");
        int[] end = LayoutSupport.intConstant(ctx, ctx.requireInput(2), "end");
        Tensor stridesTensor = ctx.input(3);
        int[] strides = stridesTensor == null ? filled(begin.length, 1)
                : LayoutSupport.intConstant(ctx, stridesTensor, "strides");
        if (end.length != begin.length || strides.length != begin.length || begin.length > rank) {
            throw ctx.error("begin " + Arrays.toString(begin) + ", end " + Arrays.toString(end) + " and strides "
                    + Arrays.toString(strides) + " must have the same length, at most the input rank " + rank);
        }
        StridedSliceOptions o = ctx.options(new StridedSliceOptions());
        int beginMask = o == null ? 0 : o.beginMask();
        int endMask = o == null ? 0 : o.endMask();
        int shrinkMask = o == null ? 0 : o.shrinkAxisMask();
        boolean offset = o != null && o.offset();
        if (o != null && (o.ellipsisMask() != 0 || o.newAxisMask() != 0)) {
            throw ctx.error("ellipsis_mask and new_axis_mask are not supported");
        }
        int[] inStrides = LayoutSupport.strides(in.shape);
        int[] outShape = new int[rank];
        int outRank = 0;
        int lead = MAX_RANK - rank;
        Arrays.fill(counts, 1);
        int b0 = in.offset;
        for (int d = 0; d < rank; d++) {
            int size = in.dim(d);
            boolean given = d < begin.length;
            int stride = given ? strides[d] : 1;
            if (stride == 0) {
                throw ctx.error("strides " + Arrays.toString(strides) + " has a zero stride in dimension " + d);
            }
            boolean shrink = given && (shrinkMask & (1 << d)) != 0;
            int start = !given || (beginMask & (1 << d)) != 0 ? (stride > 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                    : begin[d];
            if (start < 0) {
                start += size;
            }
            start = stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
            int stop;
            if (shrink) {
                stop = start + 1;
            } else {
                long requested = given && offset ? (long) begin[d] + end[d] : given ? end[d] : 0;
                if (!given || (endMask & (1 << d)) != 0) {
                    requested = stride > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
                }
                long st = requested < 0 ? requested + size : requested;
                stop = (int) (stride > 0 ? Math.max(0, Math.min(st, size)) : Math.max(-1, Math.min(st, size - 1)));
            }
            int count = stride > 0 ? Math.max(0, (stop - start + stride - 1) / stride)
                    : Math.max(0, (start - stop - stride - 1) / -stride);
            if (shrink && (count != 1 || start < 0 || start >= size)) {
                throw ctx.error("shrunk dimension " + d + " of input " + in.describe() + " has no element at "
                        + begin[d]);
            }
            if (!shrink) {
                outShape[outRank++] = count;
            }
            counts[lead + d] = count;
            steps[lead + d] = stride * inStrides[d];
            if (count > 0) {
                b0 += start * inStrides[d];
            }
        }
        base = b0;
        LayoutSupport.checkShape(ctx, out, Arrays.copyOf(outShape, outRank));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(v, hi));
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    static Kernel create(OpContext ctx) {
        return new StridedSlice(ctx);
    }

    @Override
    public void run() {
        if (out.size == 0) {
            return;
        }
        Object src = LayoutSupport.array(in);
        Object dst = LayoutSupport.array(out);
        Tensor.Storage storage = in.storage();
        int n = counts[5];
        int s5 = steps[5];
        int o = out.offset;
        for (int i0 = 0; i0 < counts[0]; i0++) {
            int p0 = base + i0 * steps[0];
            for (int i1 = 0; i1 < counts[1]; i1++) {
                int p1 = p0 + i1 * steps[1];
                for (int i2 = 0; i2 < counts[2]; i2++) {
                    int p2 = p1 + i2 * steps[2];
                    for (int i3 = 0; i3 < counts[3]; i3++) {
                        int p3 = p2 + i3 * steps[3];
                        for (int i4 = 0; i4 < counts[4]; i4++) {
                            int p4 = p3 + i4 * steps[4];
                            if (s5 == 1) {
                                System.arraycopy(src, p4, dst, o, n);
                            } else {
                                LayoutSupport.copyStrided(storage, src, p4, s5, dst, o, n);
                            }
                            o += n;
                        }
                    }
                }
            }
        }
    }
}
