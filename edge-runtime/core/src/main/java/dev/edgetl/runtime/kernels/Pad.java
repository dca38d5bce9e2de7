package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;

/**
 * PAD up to 6-D with a constant {@code [rank, 2]} paddings tensor (int32 or int64). The padding value is zero:
 * 0 for float and integer tensors, the output's zero point for int8/uint8 (real 0.0), as in TFLite.
 */
final class Pad implements Kernel {
    private static final int MAX_RANK = 6;

    private final Tensor in;
    private final Tensor out;
    private final int[] inDims = new int[MAX_RANK];
    private final int[] outStrides = new int[MAX_RANK];
    private final int startOffset;
    private final byte bytePad;

    private Pad(OpContext ctx) {
        in = ctx.requireInput(0);
        out = ctx.output(0);
        Tensor paddings = ctx.requireInput(1);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.INT64);
        LayoutSupport.checkSameType(ctx, in, "input", out);
        LayoutSupport.checkSameQuantization(ctx, in, "input", out);
        int rank = in.rank();
        if (rank > MAX_RANK) {
            throw ctx.error("input " + in.describe() + " has rank " + rank + "; PAD supports up to 6");
        }
        if (paddings.rank() != 2 || paddings.dim(0) != rank || paddings.dim(1) != 2) {
            throw ctx.error("paddings " + paddings.describe() + " must have shape [" + rank + ", 2] for input "
                    + in.describe());
        }
        int[] p = LayoutSupport.intConstant(ctx, paddings, "paddings");
        int[] outShape = new int[rank];
        int[] before = new int[MAX_RANK];
        Arrays.fill(inDims, 1);
        int lead = MAX_RANK - rank;
        for (int d = 0; d < rank; d++) {
            if (p[2 * d] < 0 || p[2 * d + 1] < 0) {
                throw ctx.error("paddings " + paddings.describe() + " has a negative padding in dimension " + d);
            }
            outShape[d] = in.dim(d) + p[2 * d] + p[2 * d + 1];
            inDims[lead + d] = in.dim(d);
            before[lead + d] = p[2 * d];
        }
        LayoutSupport.checkShape(ctx, out, outShape);
        int[] padded = new int[MAX_RANK];
        Arrays.fill(padded, 1);
        System.arraycopy(outShape, 0, padded, lead, rank);
        int[] s = LayoutSupport.strides(padded);
        System.arraycopy(s, 0, outStrides, 0, MAX_RANK);
        int start = out.offset;
        for (int d = 0; d < MAX_RANK; d++) {
            start += before[d] * outStrides[d];
        }
        startOffset = start;
        if (in.dtype.isQuantized8() && out.quant.isPresent()) {
            int zp = out.zeroPoint();
            if (zp < LayoutSupport.qmin(out.dtype) || zp > LayoutSupport.qmax(out.dtype)) {
                throw ctx.error("output " + out.describe() + " zero point " + zp + " is outside the " + out.dtype
                        + " range");
            }
            bytePad = (byte) zp;
        } else {
            bytePad = 0;
        }
    }

    static Kernel create(OpContext ctx) {
        return new Pad(ctx);
    }

    @Override
    public void run() {
        fill();
        Object src = LayoutSupport.array(in);
        Object dst = LayoutSupport.array(out);
        int n = inDims[5];
        int s = in.offset;
        for (int i0 = 0; i0 < inDims[0]; i0++) {
            int o0 = startOffset + i0 * outStrides[0];
            for (int i1 = 0; i1 < inDims[1]; i1++) {
                int o1 = o0 + i1 * outStrides[1];
                for (int i2 = 0; i2 < inDims[2]; i2++) {
                    int o2 = o1 + i2 * outStrides[2];
                    for (int i3 = 0; i3 < inDims[3]; i3++) {
                        int o3 = o2 + i3 * outStrides[3];
                        for (int i4 = 0; i4 < inDims[4]; i4++) {
                            System.arraycopy(src, s, dst, o3 + i4 * outStrides[4], n);
                            s += n;
                        }
                    }
                }
            }
        }
    }

    private void fill() {
        int from = out.offset;
        int to = out.offset + out.size;
        switch (out.storage()) {
            case FLOAT:
                Arrays.fill(out.f, from, to, 0f);
                break;
            case BYTE:
                Arrays.fill(out.b, from, to, bytePad);
                break;
            case INT:
                Arrays.fill(out.i, from, to, 0);
                break;
            case LONG:
                Arrays.fill(out.l, from, to, 0L);
                break;
            default:
                Arrays.fill(out.s, from, to, (short) 0);
        }
    }
}
