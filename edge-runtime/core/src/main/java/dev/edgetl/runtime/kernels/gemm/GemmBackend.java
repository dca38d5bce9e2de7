package dev.edgetl.runtime.kernels.gemm;

/**
 * The inner loops of the MAC-heavy kernels, separated from them so that a faster implementation (the Vector
 * API one in {@code edge-runtime-simd}) can replace the portable scalar one without the core knowing it.
 *
 * <p>All products are float32. Integer kernels use them too: they pass zero-point-corrected integer values
 * whose products and partial sums stay below 2^24, so every float result is exact (see
 * {@link #exactChunk(int, int)}).
 *
 * <p>Contract shared by every implementation, which the optimised-vs-reference and 1-vs-N-thread tests rely
 * on: an output element's sum is accumulated in increasing k order, independently of which other rows or
 * columns are computed with it, so splitting rows over threads never changes a result.
 */
public interface GemmBackend {
    /** A short name for reports ("scalar", "vector-512"). */
    String name();

    /**
     * Packs a right-hand matrix given as {@code n} rows of {@code k} values (weights [out][in], e.g. OHWI
     * filters flattened per output channel) into this backend's layout.
     */
    PackedMatrix pack(float[] b, int n, int k);

    /**
     * {@code c[r * ldc + j] = sum over kk in [k0, k1) of a[aOff + r * lda + kk] * B[j][kk]} for r in [0, rows)
     * and j in [0, b.n()). Columns in [n, b.paddedN()) of {@code c} may be overwritten: {@code ldc >=
     * b.paddedN()}.
     */
    void multiply(float[] a, int aOff, int lda, int rows, PackedMatrix b, int k0, int k1, float[] c, int ldc);

    /** {@code acc[accOff + i] += x[xOff + i] * w[wOff + i]} for i in [0, len): the depthwise inner loop. */
    void multiplyAdd(float[] acc, int accOff, float[] x, int xOff, float[] w, int wOff, int len);

    /**
     * The longest run of products whose float sum stays exact when every |a| <= maxA and every |b| <= maxB:
     * integer kernels flush their float partial sums to int32 after at most this many products.
     */
    static int exactChunk(int maxA, int maxB) {
        long p = Math.max(1L, (long) maxA * maxB);
        long n = ((1L << 24) - 1) / p;
        return (int) Math.max(1, Math.min(n, Integer.MAX_VALUE));
    }
}
