package dev.edgetl.runtime.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz test's properties on a fixed, seeded set of mutations, in the normal test run (a few seconds;
 * Jazzer's coverage-guided search runs in the {@code fuzz} surefire execution). Each case is reproducible from
 * its seed, which the failure message names.
 */
class SeededMutationTest {
    static final int CASES = 40;

    @Test
    void seededMutationsOfTheFixtureModelsFailOnlyWithModelFormatException() throws Exception {
        List<ModelFuzzTest.Seed> seeds = ModelFuzzTest.seeds();
        for (int c = 0; c < CASES; c++) {
            long caseSeed = 0x5EED0000L + c;
            Random rnd = new Random(caseSeed);
            ModelFuzzTest.Seed seed = seeds.get(c % seeds.size());
            byte[] m = mutate(seed, rnd);
            try {
                ModelFuzzTest.check(m);
            } catch (Throwable t) {
                throw new AssertionError("case " + c + " (seed " + caseSeed + ", model " + (c % seeds.size())
                        + "): " + t, t);
            }
        }
    }

    static byte[] mutate(ModelFuzzTest.Seed seed, Random rnd) {
        byte[] m = seed.bytes.clone();
        int mutations = 1 + rnd.nextInt(4);
        for (int k = 0; k < mutations; k++) {
            int off = seed.structural[rnd.nextInt(seed.structural.length)];
            int aligned = Math.min(off & ~3, m.length - 4);
            ByteBuffer bb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            switch (rnd.nextInt(5)) {
                case 0:
                    m[off] ^= (byte) (1 << rnd.nextInt(8));
                    break;
                case 1:
                    m[off] = (byte) rnd.nextInt(256);
                    break;
                case 2:
                    bb.putInt(aligned, ModelFuzzTest.INTERESTING_INTS[rnd.nextInt(ModelFuzzTest.INTERESTING_INTS.length)]);
                    break;
                case 3:
                    bb.putInt(aligned, bb.getInt(aligned) + rnd.nextInt(129) - 64);
                    break;
                default:
                    return Arrays.copyOf(m, off);
            }
        }
        return m;
    }
}
