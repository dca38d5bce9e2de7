package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.gemm.GemmBackend;
import dev.edgetl.runtime.kernels.gemm.PackedMatrix;
import dev.edgetl.runtime.kernels.gemm.ScalarGemm;
import dev.edgetl.runtime.kernels.quant.FixedPoint;
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
    void ruyRoundingDiffersFromGemmlowpOnlyOnNegativeTies() {
        // From tf2_mobilenet_v2 operator 3 (int8 1x1 conv): the value is -17.5 after the high multiply; TFLite
        // 2.21 stores -17 (+ zero point), gemmlowp's rounding would give -18.
        assertThat(FixedPoint.multiplyByQuantizedMultiplierRuyX86(-6072, 1584302979, -8)).isEqualTo(-17);
        assertThat(FixedPoint.multiplyByQuantizedMultiplier(-6072, 1584302979, -8)).isEqualTo(-18);
        Random r = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            int x = r.nextInt(1 << 22) - (1 << 21);
            int m = (1 << 30) + r.nextInt(1 << 30);
            int shift = -r.nextInt(12) + (i % 10 == 0 ? 2 : 0);
            int ruy = FixedPoint.multiplyByQuantizedMultiplierRuyX86(x, m, shift);
            int gemmlowp = FixedPoint.multiplyByQuantizedMultiplier(x, m, shift);
            if (x >= 0) {
                assertThat(ruy).as("x=%d m=%d shift=%d", x, m, shift).isEqualTo(gemmlowp);
            } else {
                assertThat(ruy - gemmlowp).isBetween(0, 1);
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
