package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.Kernel;
import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;
import org.tensorflow.lite.schema.SqueezeOptions;

/**
 * SQUEEZE: removes the listed size-1 dimensions (negative indices allowed), or every size-1 dimension when the
 * list is empty. A plain copy, since tensors never alias.
 */
final class Squeeze implements Kernel {
    private final Object src;
    private final int srcOffset;
    private final Object dst;
    private final int dstOffset;
    private final int size;

    private Squeeze(OpContext ctx) {
        Tensor in = ctx.requireInput(0);
        Tensor out = ctx.output(0);
        LayoutSupport.checkSameType(ctx, in, "input", out);
        LayoutSupport.checkSameQuantization(ctx, in, "input", out);
        int rank = in.rank();
        boolean[] drop = new boolean[rank];
        SqueezeOptions o = ctx.options(new SqueezeOptions());
        int n = o == null ? 0 : o.squeezeDimsLength();
        if (n == 0) {
            for (int d = 0; d < rank; d++) {
                drop[d] = in.dim(d) == 1;
            }
        } else {
            for (int k = 0; k < n; k++) {
                int d = LayoutSupport.normalizeAxis(ctx, o.squeezeDims(k), rank, "squeeze dimension");
                if (in.dim(d) != 1) {
                    throw ctx.error("squeeze dimension " + o.squeezeDims(k) + " of input " + in.describe()
                            + " has size " + in.dim(d) + ", not 1");
                }
                drop[d] = true;
            }
        }
        int kept = 0;
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (!drop[d]) {
                shape[kept++] = in.dim(d);
            }
        }
        LayoutSupport.checkShape(ctx, out, Arrays.copyOf(shape, kept));
        src = LayoutSupport.array(in);
        srcOffset = in.offset;
        dst = LayoutSupport.array(out);
        dstOffset = out.offset;
        size = in.size;
    }

    static Kernel create(OpContext ctx) {
        return new Squeeze(ctx);
    }

    @Override
    public void run() {
        System.arraycopy(src, srcOffset, dst, dstOffset, size);
    }
}
