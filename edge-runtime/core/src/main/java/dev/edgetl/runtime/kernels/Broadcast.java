package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;
import java.util.Arrays;

/**
 * NumPy-style broadcasting of two inputs to the output shape, up to 6-D: for each output element the flat
 * indices of both inputs. Precomputed once per operator (inputs here are small: SE blocks, scalars, scaling
 * vectors), so run() only reads two int arrays.
 */
final class Broadcast {
    final int[] index1;
    final int[] index2;
    /** True when both inputs already have the output's shape: no index tables, plain element-wise loop. */
    final boolean elementwise;

    private Broadcast(int[] index1, int[] index2, boolean elementwise) {
        this.index1 = index1;
        this.index2 = index2;
        this.elementwise = elementwise;
    }

    static Broadcast of(OpContext ctx, Tensor a, Tensor b, Tensor out) {
        int rank = Math.max(a.rank(), b.rank());
        if (rank > 6) {
            throw ctx.error("broadcasting supports rank up to 6, got " + rank);
        }
        int[] sa = pad(a.shape, rank);
        int[] sb = pad(b.shape, rank);
        int[] so = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (sa[d] != sb[d] && sa[d] != 1 && sb[d] != 1) {
                throw ctx.error("inputs " + a.describe() + " and " + b.describe() + " cannot be broadcast together");
            }
            so[d] = sa[d] == 1 ? sb[d] : sa[d];
        }
        if (!Arrays.equals(pad(out.shape, rank), so) || out.size != product(so)) {
            throw ctx.error("output " + out.describe() + " should have the broadcast shape " + Arrays.toString(so));
        }
        if (Arrays.equals(sa, so) && Arrays.equals(sb, so)) {
            return new Broadcast(null, null, true);
        }
        int n = out.size;
        ctx.countPacked(8L * n);
        int[] i1 = new int[n];
        int[] i2 = new int[n];
        int[] stA = broadcastStrides(sa);
        int[] stB = broadcastStrides(sb);
        int[] idx = new int[rank];
        for (int k = 0; k < n; k++) {
            int fa = 0;
            int fb = 0;
            for (int d = 0; d < rank; d++) {
                fa += idx[d] * stA[d];
                fb += idx[d] * stB[d];
            }
            i1[k] = fa;
            i2[k] = fb;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < so[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new Broadcast(i1, i2, false);
    }

    private static int[] pad(int[] shape, int rank) {
        int[] r = new int[rank];
        Arrays.fill(r, 1);
        System.arraycopy(shape, 0, r, rank - shape.length, shape.length);
        return r;
    }

    /** Row-major strides with 0 on broadcast (size-1) dimensions. */
    private static int[] broadcastStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = shape[d] == 1 ? 0 : acc;
            acc *= shape[d];
        }
        return s;
    }

    private static int product(int[] s) {
        int p = 1;
        for (int v : s) {
            p *= v;
        }
        return p;
    }

    int first(int k) {
        return elementwise ? k : index1[k];
    }

    int second(int k) {
        return elementwise ? k : index2[k];
    }
}
