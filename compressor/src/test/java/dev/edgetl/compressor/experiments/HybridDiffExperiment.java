package dev.edgetl.compressor.experiments;

import dev.edgetl.compressor.OracleRecorder;
import dev.edgetl.compressor.TestData;
import dev.edgetl.compressor.quantize.DynamicRangeQuantizer;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;
import dev.edgetl.runtime.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Per-op difference between edge-runtime and TFLite on the dynamic-range model (hybrid kernels). */
public final class HybridDiffExperiment {
    public static void main(String[] args) throws Exception {
        TfliteModel f = ModelReader.read(Fixtures.model(TestData.MOBILENET));
        byte[] dyn = DynamicRangeQuantizer.quantize(f, DynamicRangeQuantizer.Options.defaults());
        TfliteModel d = ModelReader.read(dyn, "dyn");
        List<float[]> val = TestData.hymenoptera("val", 30);
        for (float[] x : val) {
            Map<Integer, float[]> ours = new HashMap<>();
            try (Interpreter it = Interpreter.create(d, InterpreterOptions.defaults())) {
                Tensor in = it.input(0);
                System.arraycopy(x, 0, in.f, in.offset, in.size);
                it.run((op, i2) -> {
                    for (int o : op.outputs()) {
                        Tensor t = i2.tensor(o);
                        if (t.dtype == DType.FLOAT32) {
                            float[] c = new float[t.size];
                            System.arraycopy(t.f, t.offset, c, 0, t.size);
                            ours.put(o, c);
                        }
                    }
                });
            }
            Map<Integer, float[]> theirs = new HashMap<>();
            try (OracleRecorder rec = new OracleRecorder(d)) {
                rec.run(x, (t, data, off, len) -> {
                    float[] c = new float[len];
                    System.arraycopy(data, off, c, 0, len);
                    theirs.put(t, c);
                });
            }
            StringBuilder sb = new StringBuilder();
            for (var op : d.operators()) {
                int o = op.outputs()[0];
                float[] a = ours.get(o);
                float[] b = theirs.get(o);
                if (a == null || b == null) {
                    continue;
                }
                double max = 0;
                double diff = 0;
                int nd = 0;
                for (int k = 0; k < a.length; k++) {
                    max = Math.max(max, Math.abs(b[k]));
                    diff = Math.max(diff, Math.abs(a[k] - b[k]));
                    nd += Math.abs(a[k] - b[k]) > 1e-5 * Math.max(1, Math.abs(b[k])) ? 1 : 0;
                }
                sb.append(String.format(Locale.ROOT, " %d:%s:%.1e(%d)", op.index(), op.opName().substring(0, 4), diff / Math.max(max, 1e-30), nd));
            }
            System.out.println(sb);
        }
    }
}
