package dev.edgetl.runtime.simd;

import dev.edgetl.runtime.kernels.gemm.GemmBackend;
import dev.edgetl.runtime.kernels.gemm.PackedMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM and depthwise inner loops with the Vector API: weights packed in panels of two vectors' width
 * (k-major), 4 rows x 2 vectors of FMA accumulators per block. One species (the preferred one) throughout:
 * mixing widths of one element type makes C2 fall back to boxed vectors.
 *
 * <p>Each output element is one FMA chain in increasing k order whatever block computes it, so results do
 * not depend on how rows are split over threads.
 */
public final class VectorGemm implements GemmBackend {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int VL = S.length();
    static final int NR = 2 * VL;
    static final VectorGemm INSTANCE = new VectorGemm();

    private VectorGemm() {}

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public PackedMatrix pack(float[] b, int n, int k) {
        int panels = (n + NR - 1) / NR;
        float[] data = new float[panels * NR * k];
        for (int j = 0; j < n; j++) {
            int base = (j / NR) * NR * k + (j % NR);
            for (int kk = 0; kk < k; kk++) {
                data[base + kk * NR] = b[j * k + kk];
            }
        }
        return new PackedMatrix(n, k, panels * NR, data);
    }

    @Override
    public void multiply(float[] a, int aOff, int lda, int rows, PackedMatrix b, int k0, int k1, float[] c, int ldc) {
        float[] w = b.data;
        int k = b.k;
        for (int p = 0; p < b.paddedN; p += NR) {
            int panel = p * k;
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int a0 = aOff + r * lda;
                int a1 = a0 + lda;
                int a2 = a1 + lda;
                int a3 = a2 + lda;
                FloatVector c00 = FloatVector.zero(S);
                FloatVector c01 = FloatVector.zero(S);
                FloatVector c10 = FloatVector.zero(S);
                FloatVector c11 = FloatVector.zero(S);
                FloatVector c20 = FloatVector.zero(S);
                FloatVector c21 = FloatVector.zero(S);
                FloatVector c30 = FloatVector.zero(S);
                FloatVector c31 = FloatVector.zero(S);
                for (int kk = k0; kk < k1; kk++) {
                    int wi = panel + kk * NR;
                    FloatVector w0 = FloatVector.fromArray(S, w, wi);
                    FloatVector w1 = FloatVector.fromArray(S, w, wi + VL);
                    FloatVector x0 = FloatVector.broadcast(S, a[a0 + kk]);
                    c00 = w0.fma(x0, c00);
                    c01 = w1.fma(x0, c01);
                    FloatVector x1 = FloatVector.broadcast(S, a[a1 + kk]);
                    c10 = w0.fma(x1, c10);
                    c11 = w1.fma(x1, c11);
                    FloatVector x2 = FloatVector.broadcast(S, a[a2 + kk]);
                    c20 = w0.fma(x2, c20);
                    c21 = w1.fma(x2, c21);
                    FloatVector x3 = FloatVector.broadcast(S, a[a3 + kk]);
                    c30 = w0.fma(x3, c30);
                    c31 = w1.fma(x3, c31);
                }
                int ci = r * ldc + p;
                c00.intoArray(c, ci);
                c01.intoArray(c, ci + VL);
                ci += ldc;
                c10.intoArray(c, ci);
                c11.intoArray(c, ci + VL);
                ci += ldc;
                c20.intoArray(c, ci);
                c21.intoArray(c, ci + VL);
                ci += ldc;
                c30.intoArray(c, ci);
                c31.intoArray(c, ci + VL);
            }
            for (; r < rows; r++) {
                int a0 = aOff + r * lda;
                FloatVector c00 = FloatVector.zero(S);
                FloatVector c01 = FloatVector.zero(S);
                for (int kk = k0; kk < k1; kk++) {
                    int wi = panel + kk * NR;
                    FloatVector x0 = FloatVector.broadcast(S, a[a0 + kk]);
                    c00 = FloatVector.fromArray(S, w, wi).fma(x0, c00);
                    c01 = FloatVector.fromArray(S, w, wi + VL).fma(x0, c01);
                }
                int ci = r * ldc + p;
                c00.intoArray(c, ci);
                c01.intoArray(c, ci + VL);
            }
        }
    }

    @Override
    public void multiplyAdd(float[] acc, int accOff, float[] x, int xOff, float[] w, int wOff, int len) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += VL) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector wv = FloatVector.fromArray(S, w, wOff + i);
            xv.fma(wv, FloatVector.fromArray(S, acc, accOff + i)).intoArray(acc, accOff + i);
        }
        for (; i < len; i++) {
            acc[accOff + i] = Math.fma(x[xOff + i], w[wOff + i], acc[accOff + i]);
        }
    }

}
