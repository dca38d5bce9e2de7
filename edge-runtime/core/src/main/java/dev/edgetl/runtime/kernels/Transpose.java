package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;

/**
 * TRANSPOSE up to 6-D with a constant permutation, for every storage family (float32, int8/uint8/bool, int32,
 * int64, int16). The shape is padded to 6-D with leading 1s; the output is written in order, one innermost row at
 * a time, reading the input with the permuted strides (a plain array copy when the last axis stays last).
 */
final class Transpose implements Kernel {
    private static final int MAX_RANK = 6;

    private final Tensor in;
    private final Tensor out;
    private final int[] dims = new int[MAX_RANK];
    private final int[] strides = new int[MAX_RANK];

    private Transpose(OpContext ctx) {
        in = ctx.requireInput(0);
        out = ctx.output(0);
        Tensor permTensor = ctx.requireInput(1);
        ctx.checkType(in, "input", DType.FLOAT32, DType.INT8, DType.UINT8, DType.INT32, DType.INT64, DType.BOOL,
                DType.INT16);
        LayoutSupport.checkSameType(ctx, in, "input", out);
        LayoutSupport.checkSameQuantization(ctx, in, "input", out);
        int rank = in.rank();
        if (rank > MAX_RANK) {
            throw ctx.error("input " + in.describe() + " has rank " + rank + "; TRANSPOSE supports up to 6");
        }
        int[] perm = LayoutSupport.intConstant(ctx, permTensor, "permutation");
        if (perm.length != rank) {
            throw ctx.error("permutation " + Arrays.toString(perm) + " has " + perm.length + " entries for input "
                    + in.describe() + " of rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) {
                throw ctx.error("permutation " + Arrays.toString(perm) + " is not a permutation of 0.." + (rank - 1));
            }
            seen[p] = true;
        }
        int[] inStrides = LayoutSupport.strides(in.shape);
        int[] outShape = new int[rank];
        Arrays.fill(dims, 1);
        int lead = MAX_RANK - rank;
        for (int d = 0; d < rank; d++) {
            outShape[d] = in.dim(perm[d]);
            dims[lead + d] = outShape[d];
            strides[lead + d] = inStrides[perm[d]];
        }
        LayoutSupport.checkShape(ctx, out, outShape);
    }

    static Kernel create(OpContext ctx) {
        return new Transpose(ctx);
    }

    @Override
    public void run() {
        Object src = LayoutSupport.array(in);
        Object dst = LayoutSupport.array(out);
        Tensor.Storage storage = in.storage();
        int n = dims[5];
        int s5 = strides[5];
        int o = out.offset;
        for (int i0 = 0; i0 < dims[0]; i0++) {
            int p0 = in.offset + i0 * strides[0];
            for (int i1 = 0; i1 < dims[1]; i1++) {
                int p1 = p0 + i1 * strides[1];
                for (int i2 = 0; i2 < dims[2]; i2++) {
                    int p2 = p1 + i2 * strides[2];
                    for (int i3 = 0; i3 < dims[3]; i3++) {
                        int p3 = p2 + i3 * strides[3];
                        for (int i4 = 0; i4 < dims[4]; i4++) {
                            int p4 = p3 + i4 * strides[4];
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
