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
    public void depthwiseRow(float[] x, int xOff, int inH, int inW, int channels, float[] w, int kH, int kW,
            int dilH, int dilW, int iy0, int strideW, int padLeft, int outW, float[] out, int outOff) {
        int bound = S.loopBound(channels);
        for (int ox = 0; ox < outW; ox++) {
            int o = outOff + ox * channels;
            int ix0 = ox * strideW - padLeft;
            int c = 0;
            // Accumulators stay in registers over the whole window: one load per tap, one store per pixel.
            for (; c < bound; c += VL) {
                FloatVector acc = FloatVector.zero(S);
                for (int ky = 0; ky < kH; ky++) {
                    int iy = iy0 + ky * dilH;
                    if (iy < 0 || iy >= inH) {
                        continue;
                    }
                    int rowBase = xOff + iy * inW * channels + c;
                    int wRow = ky * kW * channels + c;
                    for (int kx = 0; kx < kW; kx++) {
                        int ix = ix0 + kx * dilW;
                        if (ix >= 0 && ix < inW) {
                            acc = FloatVector.fromArray(S, x, rowBase + ix * channels)
                                    .fma(FloatVector.fromArray(S, w, wRow + kx * channels), acc);
                        }
                    }
                }
                acc.intoArray(out, o + c);
            }
            for (; c < channels; c++) {
                float acc = 0;
                for (int ky = 0; ky < kH; ky++) {
                    int iy = iy0 + ky * dilH;
                    if (iy < 0 || iy >= inH) {
                        continue;
                    }
                    for (int kx = 0; kx < kW; kx++) {
                        int ix = ix0 + kx * dilW;
                        if (ix >= 0 && ix < inW) {
                            acc = Math.fma(x[xOff + (iy * inW + ix) * channels + c], w[(ky * kW + kx) * channels + c],
                                    acc);
                        }
                    }
                }
                out[o + c] = acc;
            }
        }
    }
}
