package dev.edgetl.compressor.experiments;

import dev.edgetl.compressor.TestData;
import dev.edgetl.compressor.calibrate.Calibrator;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.calibrate.TensorStats;
import dev.edgetl.compressor.quantize.TensorRange;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.TensorT;

/** Separates weight from activation quantization error: fake-quantized weights or activations in the float model. */
public final class FakeQuantExperiment {
    public static void main(String[] args) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model(TestData.MOBILENET));
        List<float[]> calibration = TestData.hymenoptera("train", 3);
        List<float[]> val = TestData.hymenoptera("val", 1);
        Map<Integer, TensorStats> stats;
        try (InterpreterRecorder rec = new InterpreterRecorder(model, InterpreterOptions.defaults())) {
            stats = Calibrator.collect(rec, calibration, false, n -> {});
        }
        Map<Integer, TensorRange> ranges = Calibrator.ranges(stats, RangeMethod.MINMAX);
        int[] ref = top1(model, val, null);
        TfliteModel wq = ModelReader.read(fakeQuantWeights(model), "wq");
        System.out.printf(Locale.ROOT, "weights only (per-channel int8, float activations): agreement %.3f%n", agree(ref, top1(wq, val, null)));
        System.out.printf(Locale.ROOT, "activations only (int8 per-tensor minmax, float weights): agreement %.3f%n",
                agree(ref, top1(model, val, ranges)));
        System.out.printf(Locale.ROOT, "both: agreement %.3f%n", agree(ref, top1(wq, val, ranges)));
        Map<Integer, double[]> means = channelMeans(model, calibration);
        TfliteModel bc = ModelReader.read(fakeQuantWeights(model, -1, means), "bc");
        System.out.printf(Locale.ROOT, "weights only + bias correction: agreement %.3f%n", agree(ref, top1(bc, val, null)));
        System.out.printf(Locale.ROOT, "weights + bias correction + activations: agreement %.3f%n", agree(ref, top1(bc, val, ranges)));
        margins(model, val);
        for (OperatorSpec op : model.operators()) {
            if (op.inputs().length > 1 && (op.builtinCode() == BuiltinOperator.CONV_2D
                    || op.builtinCode() == BuiltinOperator.DEPTHWISE_CONV_2D)) {
                TfliteModel one = ModelReader.read(fakeQuantWeights(model, op.index(), null), "one");
                System.out.printf(Locale.ROOT, "  only op %d weights: agreement %.3f%n", op.index(), agree(ref, top1(one, val, null)));
            }
        }
    }

    static Map<Integer, double[]> channelMeans(TfliteModel model, List<float[]> inputs) {
        Map<Integer, double[]> sums = new java.util.HashMap<>();
        try (Interpreter it = Interpreter.create(model, InterpreterOptions.defaults())) {
            for (float[] x : inputs) {
                Tensor in = it.input(0);
                System.arraycopy(x, 0, in.f, in.offset, in.size);
                add(sums, in);
                it.run((op, i2) -> {
                    for (int o : op.outputs()) {
                        add(sums, i2.tensor(o));
                    }
                });
            }
        }
        Map<Integer, double[]> means = new java.util.HashMap<>();
        for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
            double[] v = e.getValue();
            int c = v.length - 1;
            double[] mu = new double[c];
            for (int k = 0; k < c; k++) {
                mu[k] = v[k] / v[c];
            }
            means.put(e.getKey(), mu);
        }
        return means;
    }

    static void add(Map<Integer, double[]> sums, Tensor t) {
        if (t.dtype != DType.FLOAT32 || t.shape.length == 0) {
            return;
        }
        int c = t.shape[t.shape.length - 1];
        double[] v = sums.computeIfAbsent(t.index(), k -> new double[c + 1]);
        for (int k = 0; k < t.size; k++) {
            v[k % c] += t.f[t.offset + k];
        }
        v[c] += t.size / c;
    }

    static void margins(TfliteModel model, List<float[]> inputs) {
        int[] buckets = new int[5];
        double[] edges = {0.01, 0.03, 0.1, 0.3, 1.01};
        try (Interpreter it = Interpreter.create(model, InterpreterOptions.defaults())) {
            for (float[] x : inputs) {
                Tensor in = it.input(0);
                System.arraycopy(x, 0, in.f, in.offset, in.size);
                it.run();
                float[] p = it.outputAsFloats(0);
                float[] s = p.clone();
                java.util.Arrays.sort(s);
                double margin = s[s.length - 1] - s[s.length - 2];
                for (int b = 0; b < edges.length; b++) {
                    if (margin < edges[b]) {
                        buckets[b]++;
                        break;
                    }
                }
            }
        }
        System.out.println("float top1-top2 probability margin buckets <0.01,<0.03,<0.1,<0.3,rest: "
                + java.util.Arrays.toString(buckets));
    }

    static double agree(int[] a, int[] b) {
        int s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] == b[k] ? 1 : 0;
        }
        return s / (double) a.length;
    }

    static int[] top1(TfliteModel m, List<float[]> inputs, Map<Integer, TensorRange> actRanges) {
        int[] r = new int[inputs.size()];
        try (Interpreter it = Interpreter.create(m, InterpreterOptions.defaults())) {
            for (int k = 0; k < r.length; k++) {
                Tensor in = it.input(0);
                System.arraycopy(inputs.get(k), 0, in.f, in.offset, in.size);
                if (actRanges != null) {
                    fq(in, actRanges.get(in.index()));
                    it.run((op, i2) -> {
                        if (op.builtinCode() == BuiltinOperator.SOFTMAX) {
                            return;
                        }
                        for (int o : op.outputs()) {
                            fq(i2.tensor(o), actRanges.get(o));
                        }
                    });
                } else {
                    it.run();
                }
                r[k] = TestData.argmax(it.outputAsFloats(0));
            }
        }
        return r;
    }

    static void fq(Tensor t, TensorRange range) {
        if (range == null || t.dtype != DType.FLOAT32) {
            return;
        }
        float[] p = range.int8Params();
        for (int k = 0; k < t.size; k++) {
            long q = Math.max(-128, Math.min(127, Math.round(t.f[t.offset + k] / p[0]) + (long) p[1]));
            t.f[t.offset + k] = (q - p[1]) * p[0];
        }
    }

    static byte[] fakeQuantWeights(TfliteModel model) {
        return fakeQuantWeights(model, -1, null);
    }

    /** only >= 0: quantize only that op's weights; means: per-tensor per-channel input means for bias correction. */
    static byte[] fakeQuantWeights(TfliteModel model, int only, Map<Integer, double[]> means) {
        ModelT m = ModelWriter.unpack(model);
        TensorT[] tensors = m.getSubgraphs()[0].getTensors();
        for (OperatorSpec op : model.operators()) {
            int code = op.builtinCode();
            int dim = code == BuiltinOperator.DEPTHWISE_CONV_2D ? 3
                    : code == BuiltinOperator.CONV_2D || code == BuiltinOperator.FULLY_CONNECTED ? 0 : -1;
            if (dim < 0 || only >= 0 && op.index() != only) {
                continue;
            }
            TensorT wt = tensors[op.inputs()[1]];
            int[] u = m.getBuffers()[(int) wt.getBuffer()].getData();
            byte[] b = new byte[u.length];
            for (int k = 0; k < u.length; k++) {
                b[k] = (byte) u[k];
            }
            float[] w = new float[b.length / 4];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(w);
            int[] shape = wt.getShape();
            int inner = 1;
            for (int d = dim + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            int ch = shape[dim];
            float[] orig = w.clone();
            float[] max = new float[ch];
            for (int k = 0; k < w.length; k++) {
                int c = (k / inner) % ch;
                max[c] = Math.max(max[c], Math.abs(w[k]));
            }
            double sig = 0;
            double err = 0;
            double worst = 1e9;
            double[] cs = new double[ch];
            double[] ce = new double[ch];
            for (int k = 0; k < w.length; k++) {
                int c = (k / inner) % ch;
                float s = max[c] > 0 ? max[c] / 127f : 1f;
                float qv = Math.round(w[k] / s) * s;
                sig += w[k] * (double) w[k];
                err += (qv - w[k]) * (double) (qv - w[k]);
                cs[c] += w[k] * (double) w[k];
                ce[c] += (qv - w[k]) * (double) (qv - w[k]);
                w[k] = qv;
            }
            for (int c = 0; c < ch; c++) {
                worst = Math.min(worst, 10 * Math.log10(cs[c] / Math.max(1e-30, ce[c])));
            }
            System.out.printf(Locale.ROOT, "  op %d %s %s weights SQNR %.1f dB, worst channel %.1f dB%n", op.index(),
                    op.opName(), java.util.Arrays.toString(shape), 10 * Math.log10(sig / err), worst);
            if (means != null && op.inputs().length > 2 && op.inputs()[2] >= 0) {
                double[] mu = means.get(op.inputs()[0]);
                TensorT bt = tensors[op.inputs()[2]];
                int[] bu = m.getBuffers()[(int) bt.getBuffer()].getData();
                byte[] bbytes = new byte[bu.length];
                for (int k = 0; k < bu.length; k++) {
                    bbytes[k] = (byte) bu[k];
                }
                float[] bias = new float[bbytes.length / 4];
                ByteBuffer.wrap(bbytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(bias);
                int inCh = mu.length;
                for (int k = 0; k < w.length; k++) {
                    // output channel and input channel of weight element k
                    int oc = dim == 0 ? k / inner : k % ch;
                    int ic = dim == 0 ? k % inCh : k % ch;
                    bias[oc] -= (float) ((w[k] - orig[k]) * mu[ic]);
                }
                ByteBuffer nb2 = ByteBuffer.allocate(bias.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                nb2.asFloatBuffer().put(bias);
                byte[] nbb = nb2.array();
                for (int k = 0; k < bu.length; k++) {
                    bu[k] = nbb[k] & 0xFF;
                }
            }
            ByteBuffer bb = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(w);
            byte[] nb = bb.array();
            for (int k = 0; k < u.length; k++) {
                u[k] = nb[k] & 0xFF;
            }
        }
        return ModelWriter.toBytes(m);
    }
}
