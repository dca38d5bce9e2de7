package dev.edgetl.runtime.kernels.gemm;

/**
 * Portable GEMM: panels of {@link #NR} columns stored k-major, computed in 4x4 register blocks. Plain Java, so
 * it runs everywhere the core runs (Android included); the JIT keeps the 16 accumulators in registers.
 */
public final class ScalarGemm implements GemmBackend {
    public static final ScalarGemm INSTANCE = new ScalarGemm();
    static final int NR = 4;
    static final int MR = 4;

    private ScalarGemm() {}

    @Override
    public String name() {
        return "scalar";
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
            for (; r + MR <= rows; r += MR) {
                block4x4(a, aOff + r * lda, lda, w, panel, k0, k1, c, r * ldc + p, ldc);
            }
            for (; r < rows; r++) {
                block1x4(a, aOff + r * lda, w, panel, k0, k1, c, r * ldc + p);
            }
        }
    }

    private static void block4x4(float[] a, int a0, int lda, float[] w, int panel, int k0, int k1, float[] c,
            int c0, int ldc) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int kk = k0; kk < k1; kk++) {
            int wi = panel + kk * NR;
            float w0 = w[wi];
            float w1 = w[wi + 1];
            float w2 = w[wi + 2];
            float w3 = w[wi + 3];
            float x0 = a[a0 + kk];
            float x1 = a[a1 + kk];
            float x2 = a[a2 + kk];
            float x3 = a[a3 + kk];
            c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3;
            c10 += x1 * w0; c11 += x1 * w1; c12 += x1 * w2; c13 += x1 * w3;
            c20 += x2 * w0; c21 += x2 * w1; c22 += x2 * w2; c23 += x2 * w3;
            c30 += x3 * w0; c31 += x3 * w1; c32 += x3 * w2; c33 += x3 * w3;
        }
        c[c0] = c00; c[c0 + 1] = c01; c[c0 + 2] = c02; c[c0 + 3] = c03;
        c0 += ldc;
        c[c0] = c10; c[c0 + 1] = c11; c[c0 + 2] = c12; c[c0 + 3] = c13;
        c0 += ldc;
        c[c0] = c20; c[c0 + 1] = c21; c[c0 + 2] = c22; c[c0 + 3] = c23;
        c0 += ldc;
        c[c0] = c30; c[c0 + 1] = c31; c[c0 + 2] = c32; c[c0 + 3] = c33;
    }

    private static void block1x4(float[] a, int a0, float[] w, int panel, int k0, int k1, float[] c, int c0) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        for (int kk = k0; kk < k1; kk++) {
            int wi = panel + kk * NR;
            float x0 = a[a0 + kk];
            c00 += x0 * w[wi];
            c01 += x0 * w[wi + 1];
            c02 += x0 * w[wi + 2];
            c03 += x0 * w[wi + 3];
        }
        c[c0] = c00; c[c0 + 1] = c01; c[c0 + 2] = c02; c[c0 + 3] = c03;
    }

    @Override
    public void multiplyAdd(float[] acc, int accOff, float[] x, int xOff, float[] w, int wOff, int len) {
        for (int i = 0; i < len; i++) {
            acc[accOff + i] += x[xOff + i] * w[wOff + i];
        }
    }
}
