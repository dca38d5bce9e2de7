package dev.edgetl.runtime.fuzz;

import dev.edgetl.runtime.testing.LstmModels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzz property (read, prepare and run fail only with a ModelFormatException naming the file, never hang)
 * on seeded mutations of the soft-sensor LSTM model (LSTM -> STRIDED_SLICE -> FULLY_CONNECTED), which the
 * fixture models do not contain. Each case is reproducible from its seed.
 */
class LstmMutationTest {
    static final int CASES = 200;

    @Test
    void seededMutationsOfAnLstmModelFailOnlyWithModelFormatException() throws Exception {
        LstmModels b = new LstmModels();
        b.length = 6;
        b.features = 3;
        b.cells = 4;
        b.headOutputs = 2;
        ModelFuzzTest.Seed seed = new ModelFuzzTest.Seed(b.build());
        for (int c = 0; c < CASES; c++) {
            long caseSeed = 0x157A0000L + c;
            byte[] m = SeededMutationTest.mutate(seed, new Random(caseSeed));
            try {
                ModelFuzzTest.check(m);
            } catch (Throwable t) {
                throw new AssertionError("case " + c + " (seed " + caseSeed + "): " + t, t);
            }
        }
    }
}
