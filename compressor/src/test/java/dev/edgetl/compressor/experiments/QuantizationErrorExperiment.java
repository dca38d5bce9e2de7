package dev.edgetl.compressor.experiments;

import dev.edgetl.compressor.OracleRecorder;
import dev.edgetl.compressor.TestData;
import dev.edgetl.compressor.calibrate.Calibrator;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.calibrate.TensorStats;
import dev.edgetl.compressor.quantize.BiasCorrection;
import dev.edgetl.compressor.quantize.DynamicRangeQuantizer;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.quantize.Int8Quantizer;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Diagnostics (not a unit test; run with {@code -Dtest=QuantizationErrorExperiment#main}-like harness below):
 * top-1 agreement of each variant with float in edge-runtime and in TFLite, and the per-layer SQNR of every
 * activation of the quantized model against the float model on the same images.
 */
public final class QuantizationErrorExperiment {
    public static void main(String[] args) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model(TestData.MOBILENET));
        List<float[]> calibration = TestData.hymenoptera("train", 3);
        List<float[]> val = TestData.hymenoptera("val", 1);
        Map<Integer, TensorStats> stats;
        try (InterpreterRecorder rec = new InterpreterRecorder(model, InterpreterOptions.defaults())) {
            stats = Calibrator.collect(rec, calibration, true, n -> {}, BiasCorrection.meanPeriods(model));
        }
        Map<Integer, double[]> means = Calibrator.means(stats);
        byte[] floatBytes = bytes(model);
        Map<String, byte[]> variants = new LinkedHashMap<>();
        variants.put("dynamic", DynamicRangeQuantizer.quantize(model, DynamicRangeQuantizer.Options.defaults()));
        variants.put("dynamic-bc", DynamicRangeQuantizer.quantize(model, DynamicRangeQuantizer.Options.defaults(), means));
        String only = System.getenv().getOrDefault("EDGETL_QUANT_VARIANTS", "dynamic,MINMAX,PERCENTILE,MSE");
        if (!only.contains("dynamic")) {
            variants.clear();
        }
        for (RangeMethod m : RangeMethod.values()) {
            if (!only.contains(m.name())) {
                continue;
            }
            variants.put("int8-" + m, Int8Quantizer.quantize(model, Calibrator.ranges(stats, m), Int8Options.defaults()));
            variants.put("int8-bc-" + m, Int8Quantizer.quantize(model, Calibrator.ranges(stats, m), means, Int8Options.defaults()));
            variants.put("int8-bc-" + m + "-floatsoftmax", Int8Quantizer.quantize(model, Calibrator.ranges(stats, m), means,
                    Int8Options.defaults().withKeepFloat(java.util.Set.of(model.operators().size() - 1))));
            int n = model.operators().size();
            variants.put("int8-bc-" + m + "-floathead", Int8Quantizer.quantize(model, Calibrator.ranges(stats, m), means,
                    Int8Options.defaults().withKeepFloat(java.util.Set.of(n - 3, n - 2, n - 1))));
            variants.put("int8-bc-" + m + "-pt", Int8Quantizer.quantize(model, Calibrator.ranges(stats, m), means,
                    Int8Options.defaults().withPerChannel(false)));
        }
        float[][] floatOut = outputs(floatBytes, val, false);
        for (Map.Entry<String, byte[]> v : variants.entrySet()) {
            float[][] ours = outputs(v.getValue(), val, false);
            float[][] tfl = outputs(v.getValue(), val, true);
            System.out.printf(Locale.ROOT, "%-16s agreement edge-runtime %.3f  tflite %.3f  ties-in-top1 %d%n", v.getKey(),
                    agreement(floatOut, ours), agreement(floatOut, tfl), ties(ours));
            if (System.getenv("EDGETL_SQNR") != null) {
                sqnr(model, ModelReader.read(v.getValue(), v.getKey()), val.subList(0, 20));
            }
        }
    }

    static byte[] bytes(TfliteModel m) {
        byte[] b = new byte[m.bytes().limit()];
        m.bytes().duplicate().get(b);
        return b;
    }

    static float[][] outputs(byte[] model, List<float[]> inputs, boolean tflite) throws Exception {
        float[][] r = new float[inputs.size()][];
        if (tflite) {
            try (TfliteOracle o = TfliteOracle.load(model)) {
                for (int k = 0; k < r.length; k++) {
                    r[k] = OracleRecorder.floats(o.run(OracleRecorder.floatBytes(inputs.get(k))).get(0));
                }
            }
        } else {
            try (Interpreter it = Interpreter.create(ModelReader.read(model, "m"), InterpreterOptions.defaults())) {
                for (int k = 0; k < r.length; k++) {
                    Tensor in = it.input(0);
                    System.arraycopy(inputs.get(k), 0, in.f, in.offset, in.size);
                    it.run();
                    r[k] = it.outputAsFloats(0);
                }
            }
        }
        return r;
    }

    static double agreement(float[][] a, float[][] b) {
        int same = 0;
        for (int k = 0; k < a.length; k++) {
            same += TestData.argmax(a[k]) == TestData.argmax(b[k]) ? 1 : 0;
        }
        return same / (double) a.length;
    }

    static int ties(float[][] a) {
        int n = 0;
        for (float[] v : a) {
            int best = TestData.argmax(v);
            for (int k = 0; k < v.length; k++) {
                if (k != best && v[k] == v[best]) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** SQNR (dB) of each op output of {@code q} against the same-named tensor of the float model. */
    static void sqnr(TfliteModel f, TfliteModel q, List<float[]> inputs) {
        Map<String, double[]> acc = new LinkedHashMap<>();
        Map<String, String> opOf = new HashMap<>();
        try (Interpreter fi = Interpreter.create(f, InterpreterOptions.defaults());
                Interpreter qi = Interpreter.create(q, InterpreterOptions.defaults())) {
            for (float[] x : inputs) {
                Map<String, float[]> ref = new HashMap<>();
                Tensor in = fi.input(0);
                System.arraycopy(x, 0, in.f, in.offset, in.size);
                fi.run((op, it) -> {
                    for (int o : op.outputs()) {
                        Tensor t = it.tensor(o);
                        float[] c = new float[t.size];
                        System.arraycopy(t.f, t.offset, c, 0, t.size);
                        ref.put(t.spec.name(), c);
                    }
                });
                Tensor qin = qi.input(0);
                System.arraycopy(x, 0, qin.f, qin.offset, qin.size);
                qi.run((op, it) -> {
                    for (int o : op.outputs()) {
                        Tensor t = it.tensor(o);
                        float[] r = ref.get(t.spec.name());
                        if (r == null || r.length != t.size) {
                            continue;
                        }
                        double[] a = acc.computeIfAbsent(t.spec.name(), k -> new double[4]);
                        opOf.put(t.spec.name(), op.opName() + "#" + op.index() + " " + t.dtype);
                        for (int k = 0; k < t.size; k++) {
                            double v = t.dtype == DType.FLOAT32 ? t.f[t.offset + k]
                                    : ((t.dtype == DType.UINT8 ? t.b[t.offset + k] & 0xFF : t.b[t.offset + k])
                                            - t.zeroPoint()) * (double) t.scale();
                            a[0] += r[k] * (double) r[k];
                            a[1] += (v - r[k]) * (v - r[k]);
                            if (t.dtype != DType.FLOAT32) {
                                // the float value on this tensor's own grid: the error the grid alone causes
                                double g = Math.max(-128, Math.min(127, Math.round(r[k] / t.scale()) + t.zeroPoint()));
                                double gv = (g - t.zeroPoint()) * (double) t.scale();
                                a[2] += (gv - r[k]) * (gv - r[k]);
                                a[3] = t.scale();
                            }
                        }
                    }
                });
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double db = 10 * Math.log10(e.getValue()[0] / Math.max(1e-30, e.getValue()[1]));
            double grid = 10 * Math.log10(e.getValue()[0] / Math.max(1e-30, e.getValue()[2]));
            lines.add(String.format(Locale.ROOT, "   %6.1f dB (grid alone %6.1f dB, scale %.5f)  %-32s %s", db, grid,
                    e.getValue()[3], opOf.get(e.getKey()), e.getKey()));
        }
        lines.forEach(System.out::println);
    }
}
