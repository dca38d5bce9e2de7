package dev.edgetl.softsensor.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import dev.edgetl.runtime.testing.TfliteOracle;
import dev.edgetl.softsensor.models.Architecture;
import dev.edgetl.softsensor.models.SensorNet;
import dev.edgetl.softsensor.train.SensorTrainer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.BuiltinOperator;

/** Exported models give DJL's outputs in the real TFLite 2.21 and in edge-runtime (float, within 1e-5 relative). */
class SensorExporterTest {
    static final double TOL = 1e-5;

    @ParameterizedTest(name = "{0} softmax={1}")
    @CsvSource({"mlp,false", "mlp,true", "cnn1d,false", "cnn1d,true", "lstm,false", "lstm,true"})
    void exportMatchesDjlInTfliteAndEdgeRuntime(String arch, boolean softmax) throws Exception {
        int l = 7;
        int f = 3;
        int outputs = softmax ? 3 : 2;
        SensorTrainer.seed(11);
        SensorNet net = SensorNet.create(Architecture.parse(arch), l, f, outputs, 8, 3);
        Random rnd = new Random(5);
        int n = 6;
        float[] x = new float[n * l * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m);
            float[] djl = net.predict(m, x, n, 4);
            byte[] model = SensorExporter.export(net, softmax, "{\"kind\":\"softsensor\"}");
            TfliteModel read = ModelReader.read(model, arch + ".tflite");
            ByteBuffer meta = read.metadata().get(SensorExporter.METADATA_NAME).duplicate();
            byte[] mb = new byte[meta.remaining()];
            meta.get(mb);
            assertThat(new String(mb, StandardCharsets.UTF_8))
                    .contains("softsensor");
            assertThat(read.input(0).shape()).containsExactly(1, l, f);
            assertThat(read.output(0).shape()).containsExactly(1, outputs);
            boolean edgeSupports = BuiltinKernels.all().supports(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM)
                    || !arch.equals("lstm");
            for (int i = 0; i < n; i++) {
                float[] window = java.util.Arrays.copyOfRange(x, i * l * f, (i + 1) * l * f);
                float[] expected = java.util.Arrays.copyOfRange(djl, i * outputs, (i + 1) * outputs);
                if (softmax) {
                    expected = softmax(expected);
                }
                // A fresh TFLite interpreter per window: the LSTM state tensors start at zero.
                float[] oracle;
                try (TfliteOracle o = TfliteOracle.load(model)) {
                    oracle = floats(o.run(bytes(window)).get(0));
                }
                assertClose(oracle, expected, arch + " TFLite vs DJL, window " + i);
                if (edgeSupports) {
                    try (Interpreter it = Interpreter.create(read, InterpreterOptions.defaults())) {
                        it.setInputBytes(0, bytes(window));
                        it.run();
                        assertClose(it.outputAsFloats(0), oracle, arch + " edge-runtime vs TFLite, window " + i);
                    }
                }
            }
            Assumptions.assumeTrue(edgeSupports, "edge-runtime has no UNIDIRECTIONAL_SEQUENCE_LSTM kernel yet"
                    + " (branch lstm): the LSTM export was checked against TFLite only");
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

    static void assertClose(float[] actual, float[] expected, String label) {
        assertThat(actual).as(label).hasSameSizeAs(expected);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) Math.abs(actual[i] - expected[i])).as(label + " [" + i + "]: " + actual[i] + " vs "
                    + expected[i]).isLessThanOrEqualTo(TOL * Math.max(scale, 1e-6));
        }
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
