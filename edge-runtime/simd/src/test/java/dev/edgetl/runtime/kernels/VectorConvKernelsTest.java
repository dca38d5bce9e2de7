package dev.edgetl.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.ConvModels.Case;
import dev.edgetl.runtime.kernels.gemm.PackedMatrix;
import dev.edgetl.runtime.kernels.gemm.ScalarGemm;
import dev.edgetl.runtime.simd.SimdKernels;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API backend: the oracle cases of the core (byte-exact integers, float within 1e-5), random shapes
 * against the reference kernels, 1 vs 2 threads, and the GEMM itself against the scalar one.
 */
class VectorConvKernelsTest {
    static final InterpreterOptions SIMD = SimdKernels.options(InterpreterOptions.defaults());

    static java.util.List<Case> cases() {
        return ConvOracleTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTflite(Case c) throws Exception {
        OracleCheck.run(ConvModels.build(c), c.seed(), SIMD).assertMatches(ConvOracleTest.FLOAT_TOLERANCE, "simd " + c);
    }

    @Test
    void equalsReferenceOnRandomShapes() {
        assertThat(SIMD.backend().name()).startsWith("vector-");
        ConvProperties.check(SIMD, 250, 23);
    }

    @Test
    void gemmMatchesScalarExactlyOnIntegers() {
        Random r = new Random(9);
        for (int t = 0; t < 300; t++) {
            int rows = 1 + r.nextInt(11);
            int n = 1 + r.nextInt(70);
            int k = 1 + r.nextInt(40);
            int k0 = r.nextInt(k);
            int k1 = k0 + 1 + r.nextInt(k - k0);
            float[] a = new float[rows * k + 1];
            float[] b = new float[n * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(511) - 255;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(255) - 127;
            }
            PackedMatrix ps = ScalarGemm.INSTANCE.pack(b, n, k);
            PackedMatrix pv = SIMD.backend().pack(b, n, k);
            float[] cs = new float[rows * ps.paddedN];
            float[] cv = new float[rows * pv.paddedN];
            ScalarGemm.INSTANCE.multiply(a, 1, k, rows, ps, k0, k1, cs, ps.paddedN);
            SIMD.backend().multiply(a, 1, k, rows, pv, k0, k1, cv, pv.paddedN);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(cv[i * pv.paddedN + j]).as("row %d col %d", i, j).isEqualTo(cs[i * ps.paddedN + j]);
                }
            }
        }
    }

    @Test
    void depthwiseRowMatchesScalarExactlyOnIntegers() {
        Random r = new Random(11);
        for (int t = 0; t < 300; t++) {
            int inH = 1 + r.nextInt(6);
            int inW = 1 + r.nextInt(9);
            int ch = 1 + r.nextInt(50);
            int kH = 1 + r.nextInt(4);
            int kW = 1 + r.nextInt(4);
            int dilH = 1 + r.nextInt(2);
            int dilW = 1 + r.nextInt(2);
            int strideW = 1 + r.nextInt(2);
            int padLeft = r.nextInt(2);
            int outW = 1 + r.nextInt(inW);
            int iy0 = r.nextInt(3) - 1;
            float[] x = new float[3 + inH * inW * ch];
            float[] w = new float[kH * kW * ch];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(511) - 255;
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextInt(255) - 127;
            }
            float[] s = new float[1 + outW * ch];
            float[] v = new float[1 + outW * ch];
            ScalarGemm.INSTANCE.depthwiseRow(x, 3, inH, inW, ch, w, kH, kW, dilH, dilW, iy0, strideW, padLeft, outW, s, 1);
            SIMD.backend().depthwiseRow(x, 3, inH, inW, ch, w, kH, kW, dilH, dilW, iy0, strideW, padLeft, outW, v, 1);
            assertThat(v).containsExactly(s);
        }
    }
}
