package dev.edgetl.compressor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.evaluate.DeviceEstimator;
import dev.edgetl.compressor.evaluate.DevicesEstimator;
import dev.edgetl.compressor.evaluate.EdgeRuntimeRunner;
import dev.edgetl.compressor.evaluate.Task;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.tensors.Npy;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.testing.OracleCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

/**
 * Models whose input is not an image (soft-sensor MLPs, docs/softsensor-contract.md): calibration and evaluation from
 * .npy windows, regression judged on R^2/RMSE against targets and the float model, classification on top-1;
 * every variant runs in real TFLite like in edge-runtime.
 */
class TensorModelsCompressTest {
    static final int L = 24;
    static final int F = 3;

    /** RESHAPE [1, L, F] -> [1, L*F] -> FC 32 RELU -> FC outputs (-> SOFTMAX for a classifier). */
    static byte[] mlp(int outputs, boolean softmax) {
        Random r = new Random(5);
        ModelBuilder b = new ModelBuilder("softsensor mlp");
        int x = b.tensor("window", DType.FLOAT32, new int[] {1, L, F}, Quantization.NONE);
        int shape = b.constantInt32("shape", new int[] {2}, new int[] {1, L * F}, Quantization.NONE);
        int flat = b.tensor("flat", DType.FLOAT32, new int[] {1, L * F}, Quantization.NONE);
        ReshapeOptionsT ro = new ReshapeOptionsT();
        ro.setNewShape(new int[] {1, L * F});
        b.op(BuiltinOperator.RESHAPE, new int[] {x, shape}, new int[] {flat}, BuiltinOptions.ReshapeOptions, ro);
        int w1 = b.constant("fc1/w", new int[] {32, L * F}, gaussian(r, 32 * L * F, 0.15f));
        int b1 = b.constant("fc1/b", new int[] {32}, gaussian(r, 32, 0.1f));
        int h = b.tensor("hidden", DType.FLOAT32, new int[] {1, 32}, Quantization.NONE);
        FullyConnectedOptionsT fo = new FullyConnectedOptionsT();
        fo.setFusedActivationFunction(ActivationFunctionType.RELU);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {flat, w1, b1}, new int[] {h}, BuiltinOptions.FullyConnectedOptions, fo);
        int w2 = b.constant("fc2/w", new int[] {outputs, 32}, gaussian(r, outputs * 32, 0.3f));
        int b2 = b.constant("fc2/b", new int[] {outputs}, gaussian(r, outputs, 0.1f));
        int y = b.tensor("y", DType.FLOAT32, new int[] {1, outputs}, Quantization.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {h, w2, b2}, new int[] {y}, BuiltinOptions.FullyConnectedOptions,
                new FullyConnectedOptionsT());
        if (!softmax) {
            return b.inputs(x).outputs(y).build();
        }
        int p = b.tensor("p", DType.FLOAT32, new int[] {1, outputs}, Quantization.NONE);
        SoftmaxOptionsT so = new SoftmaxOptionsT();
        so.setBeta(1f);
        b.op(BuiltinOperator.SOFTMAX, new int[] {y}, new int[] {p}, BuiltinOptions.SoftmaxOptions, so);
        return b.inputs(x).outputs(p).build();
    }

    static float[] gaussian(Random r, int n, float scale) {
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
            f[k] = (float) r.nextGaussian() * scale;
        }
        return f;
    }

    /** Smooth random windows (a random walk per sensor, standardised scale). */
    static float[] windows(Random r, int n) {
        float[] w = new float[n * L * F];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < F; f++) {
                double v = r.nextGaussian();
                for (int t = 0; t < L; t++) {
                    v = 0.9 * v + 0.45 * r.nextGaussian();
                    w[(s * L + t) * F + f] = (float) v;
                }
            }
        }
        return w;
    }

    static float[][] run(byte[] model, float[] windows, int n) {
        float[][] out = new float[n][];
        try (Interpreter it = Interpreter.create(dev.edgetl.runtime.format.ModelReader.read(model, "m"),
                InterpreterOptions.defaults())) {
            for (int k = 0; k < n; k++) {
                Tensor in = it.input(0);
                System.arraycopy(windows, k * L * F, in.f, in.offset, L * F);
                it.run();
                out[k] = it.outputAsFloats(0);
            }
        }
        return out;
    }

    static Compressor compressor() {
        InterpreterOptions o = InterpreterOptions.defaults();
        return new Compressor(EdgeRuntimeRunner.factory(o), m -> new InterpreterRecorder(m, o),
                DeviceEstimator.hostOnly(), Compressor.Progress.silent());
    }

    static CompressConfig config(Path model, Path calib, Path eval, Path targets, Path budget, Path out) {
        return new CompressConfig(model, calib, eval, budget, out, CompressConfig.ALL_VARIANTS, null, false, 1000,
                Int8Options.IoType.FLOAT32, Set.of(), 0, null, Map.of(), null, null, 1, 3, false, 42, targets);
    }

    @Test
    void regressionSoftSensorIsCalibratedFromNpyAndJudgedOnR2(@TempDir Path d) throws Exception {
        byte[] model = mlp(1, false);
        Path m = d.resolve("sensor.tflite");
        Files.write(m, model);
        Random r = new Random(9);
        float[] calib = windows(r, 300);
        float[] eval = windows(r, 120);
        float[][] yFloat = run(model, eval, 120);
        float[] targets = new float[120];
        for (int k = 0; k < 120; k++) {
            targets[k] = yFloat[k][0] + (float) (0.05 * r.nextGaussian());
        }
        Npy.write(d.resolve("calibration.npy"), new int[] {300, L, F}, calib);
        Npy.write(d.resolve("eval.npy"), new int[] {120, L, F}, eval);
        Npy.write(d.resolve("targets.npy"), new int[] {120, 1}, targets);
        Path budget = d.resolve("budget.yaml");
        Files.writeString(budget, "device: host\nmaxAccuracyDrop: 0.05\n");
        Path out = d.resolve("out");
        Compressor.Result res = compressor().run(config(m, d.resolve("calibration.npy"), d.resolve("eval.npy"),
                d.resolve("targets.npy"), budget, out));
        assertThat(res.report().task()).isEqualTo(Task.REGRESSION);
        assertThat(res.report().calibrationImages()).isEqualTo(300);
        VariantMetrics f = variant(res, "float");
        assertThat(f.accuracy()).as("float R^2 vs targets").isGreaterThan(0.9);
        assertThat(f.agreement()).isEqualTo(1.0);
        for (String v : List.of("fp16", "dynamic", "int8")) {
            VariantMetrics q = variant(res, v);
            assertThat(q.failed()).as(v).isFalse();
            assertThat(q.agreement()).as(v + " R^2 vs float").isGreaterThan(0.95);
            assertThat(q.rmse()).as(v + " RMSE vs targets").isNotNull().isPositive();
            assertThat(q.rmseVsFloat()).as(v + " RMSE vs float").isNotNull();
            byte[] bytes = Files.readAllBytes(out.resolve("sensor." + v + ".tflite"));
            // Real TFLite loads and runs the variant like edge-runtime (int8 with float I/O: exactly).
            byte[] in = OracleRecorder.floatBytes(java.util.Arrays.copyOfRange(eval, 0, L * F));
            OracleCheck.run(bytes, List.of(in), InterpreterOptions.defaults())
                    .assertMatches(v.equals("int8") ? 0f : 1e-4f, v);
        }
        assertThat(variant(res, "fp16").agreement()).isGreaterThan(0.9999);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(res.report().verdict().chosen()).as(md).isIn("dynamic", "int8", "int8-per-tensor");
        assertThat(md).contains("R^2 vs targets").contains("RMSE vs float").contains("calibration inputs: 300");
    }

    @Test
    void classifierWithoutTargetsIsComparedWithTheFloatModel(@TempDir Path d) throws Exception {
        byte[] model = mlp(3, true);
        Path m = d.resolve("cls.tflite");
        Files.write(m, model);
        Random r = new Random(10);
        Npy.write(d.resolve("calibration.npy"), new int[] {200, L, F}, windows(r, 200));
        Path budget = d.resolve("budget.yaml");
        Files.writeString(budget, "device: host\nmaxAccuracyDrop: 0.1\n");
        Compressor.Result res = compressor().run(config(m, d.resolve("calibration.npy"), null, null, budget,
                d.resolve("out")));
        assertThat(res.report().task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(res.report().evalImages()).isEqualTo(50);
        assertThat(res.report().calibrationImages()).isEqualTo(150);
        assertThat(variant(res, "int8").accuracy()).isNull();
        assertThat(variant(res, "int8").agreement()).isGreaterThan(0.9);
        assertThat(res.report().notes()).anyMatch(n -> n.contains("25 % split of the calibration windows"));
    }

    @Test
    void mismatchedTensorFilesAreRefusedWithoutOutput(@TempDir Path d) throws Exception {
        byte[] model = mlp(1, false);
        Path m = d.resolve("sensor.tflite");
        Files.write(m, model);
        Path budget = d.resolve("budget.yaml");
        Files.writeString(budget, "device: host\n");
        Npy.write(d.resolve("wrong.npy"), new int[] {10, L, F + 1}, new float[10 * L * (F + 1)]);
        Path out = d.resolve("out");
        assertThatThrownBy(() -> compressor().run(config(m, d.resolve("wrong.npy"), null, null, budget, out)))
                .isInstanceOf(CompressionException.class).hasMessageContaining("wrong.npy")
                .hasMessageContaining("[10, 24, 4]").hasMessageContaining("[N, 24, 3]");
        Npy.write(d.resolve("ok.npy"), new int[] {10, L, F}, new float[10 * L * F]);
        Npy.write(d.resolve("targets.npy"), new int[] {7, 1}, new float[7]);
        assertThatThrownBy(() -> compressor().run(config(m, d.resolve("ok.npy"), d.resolve("ok.npy"),
                d.resolve("targets.npy"), budget, out))).isInstanceOf(CompressionException.class)
                .hasMessageContaining("7 rows").hasMessageContaining("10");
        assertThat(out).doesNotExist();
    }

    @Test
    void budgetsForADeviceAreJudgedOnTheDevicesEstimate(@TempDir Path d) throws Exception {
        byte[] model = mlp(1, false);
        Path m = d.resolve("sensor.tflite");
        Files.write(m, model);
        Npy.write(d.resolve("calibration.npy"), new int[] {80, L, F}, windows(new Random(3), 80));
        Path budget = d.resolve("budget.yaml");
        Files.writeString(budget, "device: raspberry-pi-4\nmaxP90LatencyMs: 1000\nmaxRamBytes: 500000000\n");
        InterpreterOptions o = InterpreterOptions.defaults();
        Compressor c = new Compressor(EdgeRuntimeRunner.factory(o), mm -> new InterpreterRecorder(mm, o),
                DevicesEstimator.builtin(), Compressor.Progress.silent());
        Compressor.Result res = c.run(config(m, d.resolve("calibration.npy"), null, null, budget, d.resolve("out")));
        for (String v : List.of("float", "int8")) {
            VariantMetrics q = variant(res, v);
            assertThat(q.estimate().profileId()).isEqualTo("raspberry-pi-4");
            assertThat(q.estimate().latencyMs()).as(v + " latency estimate").isNotNull().isPositive();
            assertThat(q.estimate().memoryBytes()).as(v + " memory estimate").isNotNull().isPositive();
            assertThat(q.estimate().basis()).contains("edgetl runtime").contains("band");
        }
        assertThat(res.report().verdict().rows().get(0).checks())
                .anyMatch(ch -> ch.criterion().contains("estimate") && ch.criterion().contains("latency"));
        assertThat(Files.readString(d.resolve("out/report.md"))).contains("(estimate)");
        // Unknown profiles are refused up front, naming the known ones.
        Files.writeString(budget, "device: toaster-9000\n");
        assertThatThrownBy(() -> c.run(config(m, d.resolve("calibration.npy"), null, null, budget, d.resolve("out2"))))
                .hasMessageContaining("toaster-9000").hasMessageContaining("raspberry-pi-4");
    }

    static VariantMetrics variant(Compressor.Result r, String name) {
        return r.report().variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
