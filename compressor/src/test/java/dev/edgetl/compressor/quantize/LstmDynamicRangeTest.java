package dev.edgetl.compressor.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.LstmModels;
import dev.edgetl.runtime.testing.OracleCheck;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Dynamic-range quantization of a soft sensor's LSTM: the eight gate matrices become int8 (one scale each, as
 * TFLite's hybrid LSTM reads them), and real TFLite runs the result exactly like edge-runtime.
 */
class LstmDynamicRangeTest {
    static byte[] floatLstm(int cells) {
        LstmModels m = new LstmModels();
        m.length = 10;
        m.features = 8;
        m.cells = cells;
        m.headOutputs = 1;
        m.seed = 7;
        return m.build();
    }

    @Test
    void gateMatricesBecomeInt8AndTfliteAgrees() throws Exception {
        byte[] model = floatLstm(32);
        byte[] dynamic = DynamicRangeQuantizer.quantize(ModelReader.read(model, "lstm"), DynamicRangeQuantizer.Options.defaults());
        TfliteModel q = ModelReader.read(dynamic, "dynamic");
        OperatorSpec lstm = q.operators().stream()
                .filter(o -> o.builtinCode() == BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM).findFirst().orElseThrow();
        for (int k = 1; k <= 8; k++) {
            assertThat(q.tensors().get(lstm.inputs()[k]).dtype()).as("gate matrix %d", k).isEqualTo(DType.INT8);
            assertThat(q.tensors().get(lstm.inputs()[k]).quantization().isPerChannel()).isFalse();
        }
        assertThat(q.tensors().get(lstm.inputs()[12]).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(dynamic.length).isLessThan(model.length);
        for (long seed = 1; seed <= 3; seed++) {
            OracleCheck.run(dynamic, seed, InterpreterOptions.defaults()).assertMatches(1e-5f, "dynamic LSTM seed " + seed);
            OracleCheck.Result f = OracleCheck.run(model, seed, InterpreterOptions.defaults());
            OracleCheck.Result d = OracleCheck.run(dynamic, seed, InterpreterOptions.defaults());
            // Quantization error, not a bug: the estimate moves by a few per cent of its range at most.
            float[] fo = floats(f.ours.get(0));
            float[] dq = floats(d.ours.get(0));
            float max = 0;
            for (float v : fo) {
                max = Math.max(max, Math.abs(v));
            }
            for (int k = 0; k < fo.length; k++) {
                assertThat(Math.abs(dq[k] - fo[k])).as("seed %d output %d", seed, k).isLessThan(0.05f * max + 1e-3f);
            }
        }
    }

    static float[] floats(byte[] b) {
        float[] f = new float[b.length / 4];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    @Test
    void aSmallLstmStaysFloat() {
        byte[] model = floatLstm(4);
        TfliteModel q = ModelReader.read(DynamicRangeQuantizer.quantize(ModelReader.read(model, "lstm"),
                DynamicRangeQuantizer.Options.defaults()), "dynamic");
        assertThat(q.tensors()).noneMatch(t -> t.dtype() == DType.INT8);
    }
}
