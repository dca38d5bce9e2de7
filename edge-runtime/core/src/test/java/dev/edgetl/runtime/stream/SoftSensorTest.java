package dev.edgetl.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.LstmModels;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SoftSensor against TensorFlow Lite 2.21 on the soft-sensor contract's LSTM model: every estimate equals TFLite's
 * output on the same scaled window from zero state, unscaled with the card; plus the window/stride timing and the
 * refusal of bad samples and cards.
 */
class SoftSensorTest {
    static final int L = 6;
    static final int F = 3;

    static SoftSensorCard regressionCard(int stride) {
        return new SoftSensorCard(SoftSensorCard.Task.REGRESSION, "lstm", List.of("u1", "u2", "u3"),
                List.of("y1", "y2"), null, L, stride, new double[] {10, -2, 0.5}, new double[] {2, 0.5, 0.01},
                new double[] {100, -1}, new double[] {5, 0.25});
    }

    static byte[] model(int targets, boolean softmax) {
        LstmModels b = new LstmModels();
        b.length = L;
        b.features = F;
        b.cells = 8;
        b.headOutputs = targets;
        b.softmax = softmax;
        b.seed = 99;
        return b.build();
    }

    static double[][] samples(SoftSensorCard card, int n, long seed) {
        Random rnd = new Random(seed);
        double[][] s = new double[n][F];
        for (double[] row : s) {
            for (int k = 0; k < F; k++) {
                row[k] = card.unscaleInput(k, rnd.nextGaussian());
            }
        }
        return s;
    }

    /** TFLite's output for the window ending at sample {@code end} (0-based), scaled like the card says. */
    static float[] oracleWindow(TfliteOracle oracle, SoftSensorCard card, double[][] s, int end) {
        ByteBuffer bb = ByteBuffer.allocate(L * F * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = end - L + 1; r <= end; r++) {
            for (int k = 0; k < F; k++) {
                bb.putFloat((float) card.scaleInput(k, s[r][k]));
            }
        }
        oracle.resetVariableTensors();
        return OracleCheck.floats(oracle.run(bb.array()).get(0));
    }

    @Test
    void regressionEstimatesMatchTfliteOnEveryWindow() throws Exception {
        SoftSensorCard card = regressionCard(1);
        byte[] bytes = model(2, false);
        double[][] s = samples(card, 30, 1);
        try (SoftSensor sensor = SoftSensor.open(ModelReader.read(bytes, "lstm"), card);
                TfliteOracle oracle = TfliteOracle.load(bytes)) {
            for (int i = 0; i < s.length; i++) {
                Optional<Estimate> e = sensor.push(s[i]);
                if (i < L - 1) {
                    assertThat(e).as("sample " + (i + 1) + " before the window is full").isEmpty();
                    continue;
                }
                assertThat(e).as("sample " + (i + 1)).isPresent();
                assertThat(e.get().sample()).isEqualTo(i + 1);
                float[] o = oracleWindow(oracle, card, s, i);
                float[] unscaled = {(float) card.unscaleTarget(0, o[0]), (float) card.unscaleTarget(1, o[1])};
                float[] ours = {(float) e.get().value(0), (float) e.get().value(1)};
                OracleCheck.assertFloatsClose(ours, unscaled, 1e-5f, "window ending at sample " + (i + 1));
                assertThat(e.get().names()).containsExactly("y1", "y2");
            }
        }
    }

    @Test
    void strideSkipsWindowsAndResetStartsOver() throws Exception {
        SoftSensorCard card = regressionCard(3);
        double[][] s = samples(card, 20, 2);
        try (SoftSensor sensor = SoftSensor.open(ModelReader.read(model(2, false), "lstm"), card)) {
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < s.length; i++) {
                if (sensor.push(s[i]).isPresent()) {
                    got.append(i + 1).append(' ');
                }
            }
            assertThat(got.toString().trim()).isEqualTo("6 9 12 15 18");
            sensor.reset();
            for (int i = 0; i < L - 1; i++) {
                assertThat(sensor.push(s[i])).isEmpty();
            }
            assertThat(sensor.push(s[L - 1])).isPresent();
        }
    }

    @Test
    void sameWindowGivesTheSameEstimateWhateverCameBefore() throws Exception {
        // The LSTM state is reset before every window: the estimate depends on the window only.
        SoftSensorCard card = regressionCard(1);
        double[][] a = samples(card, L, 3);
        double[][] noise = samples(card, 9, 4);
        TfliteModel m = ModelReader.read(model(2, false), "lstm");
        try (SoftSensor fresh = SoftSensor.open(m, card); SoftSensor used = SoftSensor.open(m, card)) {
            Estimate expected = null;
            for (double[] row : a) {
                expected = fresh.push(row).orElse(null);
            }
            for (double[] row : noise) {
                used.push(row);
            }
            Estimate e = null;
            for (double[] row : a) {
                e = used.push(row).orElse(null);
            }
            assertThat(e.values()).containsExactly(expected.values());
        }
    }

    @Test
    void classificationGivesTheMostProbableLabel() throws Exception {
        SoftSensorCard card = new SoftSensorCard(SoftSensorCard.Task.CLASSIFICATION, "lstm",
                List.of("u1", "u2", "u3"), List.of("cooler"), List.of("3", "20", "100"), L, 1,
                new double[] {0, 0, 0}, new double[] {1, 1, 1}, null, null);
        byte[] bytes = model(3, true);
        double[][] s = samples(card, 12, 5);
        try (SoftSensor sensor = SoftSensor.open(ModelReader.read(bytes, "cls"), card);
                TfliteOracle oracle = TfliteOracle.load(bytes)) {
            for (int i = 0; i < s.length; i++) {
                Optional<Estimate> e = sensor.push(s[i]);
                if (i >= L - 1) {
                    float[] p = oracleWindow(oracle, card, s, i);
                    int best = 0;
                    for (int k = 1; k < p.length; k++) {
                        best = p[k] > p[best] ? k : best;
                    }
                    assertThat(e.get().label()).isEqualTo(card.labels().get(best));
                    assertThat(Arrays.stream(e.get().probabilities()).sum()).isCloseTo(1.0,
                            org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void badSamplesAreRefusedNamingSampleAndColumnAndNotStored() throws Exception {
        SoftSensorCard card = regressionCard(1);
        try (SoftSensor sensor = SoftSensor.open(ModelReader.read(model(2, false), "lstm"), card)) {
            sensor.push(new double[] {1, 2, 3});
            assertThatThrownBy(() -> sensor.push(new double[] {1, Double.NaN, 3}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sample 2, column 2 'u2' is NaN");
            assertThatThrownBy(() -> sensor.push(new double[] {1, 2, Double.POSITIVE_INFINITY}))
                    .hasMessageContaining("sample 3, column 3 'u3' is Infinity");
            assertThatThrownBy(() -> sensor.push(new double[] {1, 2}))
                    .hasMessageContaining("sample 4 has 2 values; the model takes 3 inputs [u1, u2, u3]");
            assertThat(sensor.samples()).isEqualTo(1);
        }
    }

    @Test
    void cardsThatCannotScaleAreRefused() {
        assertThatThrownBy(() -> new SoftSensorCard(SoftSensorCard.Task.REGRESSION, "mlp", List.of("a", "b"),
                List.of("y"), null, 4, 1, new double[] {0, 0}, new double[] {1, 0}, new double[] {0},
                new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("std of column 2 'b' is 0.0 (a constant column");
        assertThatThrownBy(() -> new SoftSensorCard(SoftSensorCard.Task.REGRESSION, "mlp", List.of("a"),
                List.of("y"), null, 0, 1, new double[] {0}, new double[] {1}, new double[] {0}, new double[] {1}))
                .hasMessageContaining("window length 0");
        assertThatThrownBy(() -> new SoftSensorCard(SoftSensorCard.Task.CLASSIFICATION, "mlp", List.of("a"),
                null, List.of(), 3, 1, new double[] {0}, new double[] {1}, null, null))
                .hasMessageContaining("needs labels");
    }

    @Test
    void modelThatDoesNotFitTheCardIsRefused() throws Exception {
        TfliteModel m = ModelReader.read(model(2, false), "lstm");
        SoftSensorCard longer = new SoftSensorCard(SoftSensorCard.Task.REGRESSION, "lstm", List.of("u1", "u2", "u3"),
                List.of("y1", "y2"), null, L + 1, 1, new double[3], new double[] {1, 1, 1}, new double[2],
                new double[] {1, 1});
        assertThatThrownBy(() -> SoftSensor.open(m, longer)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("window of 7 samples x 3 inputs");
        SoftSensorCard oneTarget = new SoftSensorCard(SoftSensorCard.Task.REGRESSION, "lstm",
                List.of("u1", "u2", "u3"), List.of("y"), null, L, 1, new double[3], new double[] {1, 1, 1},
                new double[1], new double[] {1});
        assertThatThrownBy(() -> SoftSensor.open(m, oneTarget)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("should be 1 float32 values (targets [y])");
    }
}
