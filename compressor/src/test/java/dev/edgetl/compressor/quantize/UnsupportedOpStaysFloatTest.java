package dev.edgetl.compressor.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.compressor.OracleRecorder;
import dev.edgetl.compressor.calibrate.Calibrator;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.calibrate.TensorStats;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.OracleCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;

/**
 * An op the int8 quantizer has no rule for (here STRIDED_SLICE taking the last time step of a window, as after a
 * soft sensor's LSTM) stays float with QUANTIZE/DEQUANTIZE at its borders; dynamic range leaves it alone. Both
 * variants load and run in real TFLite exactly like in edge-runtime.
 */
class UnsupportedOpStaysFloatTest {
    static byte[] model() {
        Random r = new Random(2);
        ModelBuilder b = new ModelBuilder("window head");
        int x = b.tensor("window", DType.FLOAT32, new int[] {1, 8, 4}, Quantization.NONE);
        int bg = b.constantInt32("begin", new int[] {3}, new int[] {0, 7, 0}, Quantization.NONE);
        int en = b.constantInt32("end", new int[] {3}, new int[] {1, 8, 4}, Quantization.NONE);
        int st = b.constantInt32("strides", new int[] {3}, new int[] {1, 1, 1}, Quantization.NONE);
        int last = b.tensor("last", DType.FLOAT32, new int[] {1, 4}, Quantization.NONE);
        StridedSliceOptionsT so = new StridedSliceOptionsT();
        so.setShrinkAxisMask(2);
        b.op(BuiltinOperator.STRIDED_SLICE, new int[] {x, bg, en, st}, new int[] {last}, BuiltinOptions.StridedSliceOptions, so);
        int w1 = b.constant("fc1/w", new int[] {300, 4}, gaussian(r, 1200, 0.5f));
        int b1 = b.constant("fc1/b", new int[] {300}, gaussian(r, 300, 0.1f));
        int h = b.tensor("h", DType.FLOAT32, new int[] {1, 300}, Quantization.NONE);
        FullyConnectedOptionsT fo = new FullyConnectedOptionsT();
        fo.setFusedActivationFunction(ActivationFunctionType.RELU);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {last, w1, b1}, new int[] {h}, BuiltinOptions.FullyConnectedOptions, fo);
        int w2 = b.constant("fc2/w", new int[] {2, 300}, gaussian(r, 600, 0.1f));
        int b2 = b.constant("fc2/b", new int[] {2}, gaussian(r, 2, 0.1f));
        int y = b.tensor("y", DType.FLOAT32, new int[] {1, 2}, Quantization.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {h, w2, b2}, new int[] {y}, BuiltinOptions.FullyConnectedOptions,
                new FullyConnectedOptionsT());
        return b.inputs(x).outputs(y).build();
    }

    static float[] gaussian(Random r, int n, float s) {
        float[] f = new float[n];
        for (int k = 0; k < n; k++) {
            f[k] = (float) r.nextGaussian() * s;
        }
        return f;
    }

    @Test
    void int8KeepsItFloatAndTfliteAgrees() throws Exception {
        TfliteModel model = ModelReader.read(model(), "window head");
        Random r = new Random(4);
        List<float[]> windows = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            windows.add(gaussian(r, 32, 1f));
        }
        Map<Integer, TensorStats> stats;
        try (InterpreterRecorder rec = new InterpreterRecorder(model, InterpreterOptions.defaults())) {
            stats = Calibrator.collect(rec, windows, false, n -> {}, BiasCorrection.meanPeriods(model));
        }
        byte[] int8 = Int8Quantizer.quantize(model, Calibrator.ranges(stats, RangeMethod.MINMAX), Calibrator.means(stats),
                Int8Options.defaults());
        TfliteModel q = ModelReader.read(int8, "int8");
        List<String> ops = new ArrayList<>();
        for (OperatorSpec op : q.operators()) {
            ops.add(op.opName() + ":" + q.tensors().get(op.inputs()[0]).dtype());
        }
        assertThat(ops).containsExactly("STRIDED_SLICE:FLOAT32", "QUANTIZE:FLOAT32", "FULLY_CONNECTED:INT8",
                "FULLY_CONNECTED:INT8", "DEQUANTIZE:INT8");
        byte[] dynamic = DynamicRangeQuantizer.quantize(model, DynamicRangeQuantizer.Options.defaults(), Calibrator.means(stats));
        assertThat(ModelReader.read(dynamic, "dynamic").operators()).extracting(OperatorSpec::opName)
                .containsExactly("STRIDED_SLICE", "FULLY_CONNECTED", "FULLY_CONNECTED");
        for (float[] w : windows.subList(0, 5)) {
            byte[] in = OracleRecorder.floatBytes(w);
            OracleCheck.run(int8, List.of(in), InterpreterOptions.defaults()).assertMatches(0f, "int8");
            OracleCheck.run(dynamic, List.of(in), InterpreterOptions.defaults()).assertMatches(1e-5f, "dynamic");
        }
    }
}
