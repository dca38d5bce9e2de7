package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.gemm.GemmBackend;
import dev.edgetl.runtime.kernels.gemm.PackedMatrix;
import dev.edgetl.runtime.kernels.gemm.ScalarGemm;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Optimised (scalar GEMM) conv kernels against the reference ones on random shapes; thread-count invariance. */
class ConvPropertyTest {
    @Test
    void optimisedEqualsReferenceOnRandomShapes() {
        ConvProperties.check(InterpreterOptions.defaults(), 250, 17);
    }

    @Test
    void scalarGemmComputesTheProductOfAnyShapeAndKRange() {
        Random r = new Random(5);
        for (int t = 0; t < 200; t++) {
            int rows = 1 + r.nextInt(9);
            int n = 1 + r.nextInt(11);
            int k = 1 + r.nextInt(13);
            int k0 = r.nextInt(k);
            int k1 = k0 + 1 + r.nextInt(k - k0);
            float[] a = new float[rows * k + 3];
            float[] b = new float[n * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(21) - 10;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(21) - 10;
            }
            PackedMatrix p = ScalarGemm.INSTANCE.pack(b, n, k);
            float[] c = new float[rows * p.paddedN];
            ScalarGemm.INSTANCE.multiply(a, 3, k, rows, p, k0, k1, c, p.paddedN);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int kk = k0; kk < k1; kk++) {
                        s += a[3 + i * k + kk] * b[j * k + kk];
                    }
                    assertThat(c[i * p.paddedN + j]).isEqualTo(s);
                }
            }
        }
    }

    @Test
    void exactChunkKeepsIntegerSumsBelowTwoToThe24() {
        assertThat(GemmBackend.exactChunk(255, 255)).isEqualTo(258);
        assertThat(GemmBackend.exactChunk(255, 127)).isEqualTo(518);
        assertThat((long) GemmBackend.exactChunk(255, 127) * 255 * 127).isLessThan(1L << 24);
        assertThat(GemmBackend.exactChunk(0, 0)).isEqualTo((1 << 24) - 1);
    }
}
