package dev.edgetl.softsensor.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import dev.edgetl.runtime.testing.TfliteOracle;
import dev.edgetl.softsensor.SensorRun;
import dev.edgetl.softsensor.data.Windows;
import dev.edgetl.softsensor.export.SensorExporter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.lite.schema.BuiltinOperator;

/** The exported files of a run agree with DJL (TFLite 2.21 and edge-runtime) and follow the contract. */
final class ExportChecks {
    static final double TOL = 1e-5;

    private ExportChecks() {}

    /** Returns true when edge-runtime could run the model too (false: LSTM kernel not merged yet). */
    static boolean assertExportMatches(SensorRun.Outcome o, int windows) throws Exception {
        Windows w = o.data.test;
        boolean cls = o.data.labels != null;
        int out = o.net.outputs();
        TfliteModel model = ModelReader.read(o.model);
        boolean edge = BuiltinKernels.all().supports(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM)
                || !o.net.arch.id().equals("lstm");
        // Tolerance relative to the largest |output| over the compared windows (as OracleCheck does over a tensor):
        // a single regression output close to 0 is the difference of larger terms.
        int count = Math.min(windows, w.n);
        double scale = 0;
        for (int i = 0; i < count * out; i++) {
            scale = Math.max(scale, cls ? 1 : Math.abs(o.testOutputs[i]));
        }
        for (int i = 0; i < count; i++) {
                byte[] in = bytes(w.window(i));
                float[] expected = Arrays.copyOfRange(o.testOutputs, i * out, (i + 1) * out);
                if (cls) {
                    expected = softmax(expected);
                }
                float[] oracle;
                try (TfliteOracle tfl = TfliteOracle.load(o.model)) { // fresh state per window (LSTM)
                    oracle = floats(tfl.run(in).get(0));
                }
                assertClose(oracle, expected, scale, "TFLite vs DJL, test window " + i);
                if (edge) {
                    // A fresh interpreter per window: LSTM state tensors start at zero.
                    try (Interpreter it = Interpreter.create(model, InterpreterOptions.defaults())) {
                        it.setInputBytes(0, in);
                        it.run();
                        assertClose(it.outputAsFloats(0), oracle, scale, "edge-runtime vs TFLite, test window " + i);
                    }
                }
        }
        return edge;
    }

    /** model.json = the embedded card; calibration.npy holds the training windows as the contract says. */
    static JsonNode assertCardAndCalibration(SensorRun.Outcome o) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode card = json.readTree(o.card.toFile());
        ByteBuffer meta = ModelReader.read(o.model).metadata().get(SensorExporter.METADATA_NAME).duplicate();
        byte[] mb = new byte[meta.remaining()];
        meta.get(mb);
        assertThat(json.readTree(new String(mb, StandardCharsets.UTF_8))).isEqualTo(card);
        assertThat(card.get("kind").asText()).isEqualTo("softsensor");
        assertThat(card.get("window").get("length").asInt()).isEqualTo(o.data.train.length);
        assertThat(card.get("inputs").size()).isEqualTo(o.data.train.features);
        assertThat(card.get("inputScaling").get("std").size()).isEqualTo(o.data.train.features);
        byte[] npy = Files.readAllBytes(o.calibration);
        assertThat(npy[0] & 0xFF).isEqualTo(0x93);
        int headerLen = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        String header = new String(npy, 10, headerLen, StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (" + o.data.train.n + ", "
                + o.data.train.length + ", " + o.data.train.features + ")");
        assertThat(npy.length - 10 - headerLen).isEqualTo(o.data.train.x.length * 4);
        float first = ByteBuffer.wrap(npy, 10 + headerLen, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(o.data.train.x[0]);
        return card;
    }

    static void assertClose(float[] actual, float[] expected, double scale, String label) {
        assertThat(actual).as(label).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as(label + " [" + i + "]: " + actual[i] + " vs "
                    + expected[i]).isLessThanOrEqualTo(TOL * Math.max(scale, 1e-6));
        }
    }

    static float[] softmax(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float a : v) {
            max = Math.max(max, a);
        }
        double sum = 0;
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Math.exp(v[i] - max);
            sum += e[i];
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    static byte[] bytes(float[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        return bb.array();
    }

    static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
