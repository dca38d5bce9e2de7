package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
import java.util.Arrays;

/** Checks and small helpers shared by the pooling, reduction and layout kernels. */
final class LayoutSupport {
    private LayoutSupport() {}

    /** The typed array behind a tensor, for {@link System#arraycopy} on any storage family. */
    static Object array(Tensor t) {
        switch (t.storage()) {
            case FLOAT:
                return t.f;
            case BYTE:
                return t.b;
            case INT:
                return t.i;
            case LONG:
                return t.l;
            default:
                return t.s;
        }
    }

    /** The integer contents of a constant int32/int64 tensor (axes, shapes, permutations, paddings). */
    static int[] intConstant(OpContext ctx, Tensor t, String role) {
        if (!t.isConstant()) {
            throw ctx.error(role + " " + t.describe() + " must be a constant tensor (dynamic shapes are not supported)");
        }
        int[] v = new int[t.size];
        if (t.dtype == DType.INT32) {
            System.arraycopy(t.i, t.offset, v, 0, t.size);
        } else if (t.dtype == DType.INT64) {
            for (int k = 0; k < t.size; k++) {
                long x = t.l[t.offset + k];
                if (x != (int) x) {
                    throw ctx.error(role + " " + t.describe() + " holds " + x + ", outside the int32 range");
                }
                v[k] = (int) x;
            }
        } else {
            throw ctx.error(role + " " + t.describe() + " has type " + t.dtype + "; expected INT32 or INT64");
        }
        return v;
    }

    static void checkSameType(OpContext ctx, Tensor in, String inRole, Tensor out) {
        if (in.dtype != out.dtype) {
            throw ctx.error(inRole + " " + in.describe() + " is " + in.dtype + " but output " + out.describe()
                    + " is " + out.dtype);
        }
    }

    /**
     * Ops that move 8-bit values without rescaling them need the same scale and zero point on both sides
     * (TFLite assumes it; a model that breaks it would silently produce values on the wrong scale).
     */
    static void checkSameQuantization(OpContext ctx, Tensor in, String inRole, Tensor out) {
        if (!in.dtype.isQuantized8() || !in.quant.isPresent() && !out.quant.isPresent()) {
            return; // plain 8-bit integers
        }
        ctx.checkQuantized(in, inRole);
        ctx.checkQuantized(out, "output");
        if (in.zeroPoint() != out.zeroPoint() || Math.abs(in.scale() - out.scale()) > 1e-6f * Math.abs(out.scale())) {
            throw ctx.error(inRole + " " + in.describe() + " has scale " + in.scale() + " and zero point "
                    + in.zeroPoint() + " but output " + out.describe() + " has scale " + out.scale()
                    + " and zero point " + out.zeroPoint() + "; this operator does not rescale");
        }
    }

    static void checkShape(OpContext ctx, Tensor out, int[] expected) {
        if (!Arrays.equals(out.shape, expected)) {
            throw ctx.error("output " + out.describe() + " should have shape " + Arrays.toString(expected));
        }
    }

    static int qmin(DType t) {
        return t == DType.UINT8 ? 0 : -128;
    }

    static int qmax(DType t) {
        return t == DType.UINT8 ? 255 : 127;
    }

    /** Integer clamp bounds of a fused activation in the output's quantized domain. */
    static int[] activationRange(OpContext ctx, int fused, Tensor out) {
        try {
            return FixedPoint.activationRange(fused, out.scale(), out.zeroPoint(), qmin(out.dtype), qmax(out.dtype));
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
    }

    static float[] activationRange(OpContext ctx, int fused) {
        try {
            return FixedPoint.activationRange(fused);
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** An axis in [-rank, rank) made non-negative; an error naming the operator otherwise. */
    static int normalizeAxis(OpContext ctx, int axis, int rank, String what) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw ctx.error(what + " " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** Copies {@code n} elements read every {@code stride} elements of {@code src} to consecutive ones of {@code dst}. */
    static void copyStrided(Tensor.Storage storage, Object src, int from, int stride, Object dst, int to,
            int n) {
        switch (storage) {
            case FLOAT: {
                float[] s = (float[]) src;
                float[] d = (float[]) dst;
                for (int k = 0; k < n; k++, from += stride) {
                    d[to + k] = s[from];
                }
                break;
            }
            case BYTE: {
                byte[] s = (byte[]) src;
                byte[] d = (byte[]) dst;
                for (int k = 0; k < n; k++, from += stride) {
                    d[to + k] = s[from];
                }
                break;
            }
            case INT: {
                int[] s = (int[]) src;
                int[] d = (int[]) dst;
                for (int k = 0; k < n; k++, from += stride) {
                    d[to + k] = s[from];
                }
                break;
            }
            case LONG: {
                long[] s = (long[]) src;
                long[] d = (long[]) dst;
                for (int k = 0; k < n; k++, from += stride) {
                    d[to + k] = s[from];
                }
                break;
            }
            default: {
                short[] s = (short[]) src;
                short[] d = (short[]) dst;
                for (int k = 0; k < n; k++, from += stride) {
                    d[to + k] = s[from];
                }
            }
        }
    }
}
