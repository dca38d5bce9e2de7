package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;
import org.tensorflow.lite.schema.ReshapeOptions;

/**
 * RESHAPE: a plain copy (the arena planner does not alias tensors). The new shape comes, like in TFLite, from
 * the second input when it is a 1-D shape vector, else from the options ({@code [0]} meaning a scalar in legacy
 * models); one {@code -1} is inferred. It must agree with the output tensor's static shape.
 */
final class Reshape implements Kernel {
    private final Object src;
    private final int srcOffset;
    private final Object dst;
    private final int dstOffset;
    private final int size;

    private Reshape(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        LayoutSupport.checkSameType(ctx, in, "input", out);
        LayoutSupport.checkSameQuantization(ctx, in, "input", out);
        int[] requested = requestedShape(ctx);
        if (requested != null) {
            int[] resolved = resolve(ctx, requested, in);
            if (!Arrays.equals(resolved, out.shape)) {
                throw ctx.error("the new shape " + Arrays.toString(requested) + " resolves to "
                        + Arrays.toString(resolved) + " but output " + out.describe() + " has shape "
                        + Arrays.toString(out.shape));
            }
        }
        if (in.size != out.size) {
            throw ctx.error("input " + in.describe() + " has " + in.size + " elements but output " + out.describe()
                    + " has " + out.size);
        }
        src = LayoutSupport.array(in);
        srcOffset = in.offset;
        dst = LayoutSupport.array(out);
        dstOffset = out.offset;
        size = in.size;
    }

    static Kernel create(OpContext ctx) {
        return new Reshape(ctx);
    }

    /** The requested shape (may hold one -1), or null when it is only known at run time. */
    private static int[] requestedShape(OpContext ctx) {
        Tensor shape = ctx.input(1);
        if (shape != null && shape.rank() == 1 && (shape.dtype == DType.INT32 || shape.dtype == DType.INT64)) {
            return shape.isConstant() ? LayoutSupport.intConstant(ctx, shape, "shape") : null;
        }
        ReshapeOptions o = ctx.options(new ReshapeOptions());
        if (o == null) {
            return null;
        }
        int n = o.newShapeLength();
        if (n == 1 && o.newShape(0) == 0) {
            return new int[0];
        }
        int[] s = new int[n];
        for (int k = 0; k < n; k++) {
            s[k] = o.newShape(k);
        }
        return s;
    }

    private static int[] resolve(OpContext ctx, int[] requested, Tensor in) {
        int[] s = requested.clone();
        int stretch = -1;
        long known = 1;
        for (int k = 0; k < s.length; k++) {
            if (s[k] == -1) {
                if (stretch >= 0) {
                    throw ctx.error("the new shape " + Arrays.toString(requested) + " has more than one -1");
                }
                stretch = k;
            } else if (s[k] < 0) {
                throw ctx.error("the new shape " + Arrays.toString(requested) + " has a negative dimension");
            } else {
                known *= s[k];
            }
        }
        if (stretch >= 0) {
            if (known == 0 || in.size % known != 0) {
                throw ctx.error("input " + in.describe() + " with " + in.size + " elements cannot be reshaped to "
                        + Arrays.toString(requested));
            }
            s[stretch] = (int) (in.size / known);
            known *= s[stretch];
        }
        if (known != in.size) {
            throw ctx.error("input " + in.describe() + " has " + in.size + " elements but the new shape "
                    + Arrays.toString(requested) + " holds " + known);
        }
        return s;
    }

    @Override
    public void run() {
        System.arraycopy(src, srcOffset, dst, dstOffset, size);
    }
}
