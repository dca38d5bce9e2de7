package dev.edgetl.runtime.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.Fixtures;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.OperatorT;

/**
 * Every operator of the real fixture models, cut out as a single-operator model with the same tensors,
 * constants and options, against TFLite 2.21 on random inputs: the configurations Google's converters emit.
 */
class OpsInFixtureModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v2_1.0_224_quant.tflite",
        "tf2_mobilenet_v2_1.0_224_ptq.tflite", "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite",
        "mobilenet_v1_0.25_224_float.tflite", "mobilenet_v1_0.25_224_quant.tflite"})
    void everyOperatorMatchesTflite(String file) throws Exception {
        TfliteModel model = ModelReader.read(Fixtures.model(file));
        List<String> failures = new ArrayList<>();
        for (OperatorSpec op : model.operators()) {
            byte[] single = extract(model, op);
            try {
                LayoutOpModels.assertMatchesOracle(single, op.index(), file + " " + op.describe());
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).as("operators of " + file + " that differ from TFLite").isEmpty();
    }

    /** The operator alone: non-constant inputs become model inputs, constants keep their bytes. */
    static byte[] extract(TfliteModel model, OperatorSpec op) {
        ModelBuilder b = new ModelBuilder("extract of " + op.describe());
        int[] ins = new int[op.inputs().length];
        List<Integer> graphInputs = new ArrayList<>();
        for (int k = 0; k < ins.length; k++) {
            int idx = op.inputs()[k];
            if (idx < 0) {
                ins[k] = -1;
                continue;
            }
            TensorSpec t = model.tensor(idx);
            if (t.isConstant()) {
                ByteBuffer data = t.dataView();
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                ins[k] = b.constant(t.name(), t.dtype(), t.shape(), t.quantization(), bytes);
            } else {
                ins[k] = b.tensor(t.name(), t.dtype(), t.shape(), t.quantization());
                graphInputs.add(ins[k]);
            }
        }
        int[] outs = new int[op.outputs().length];
        for (int k = 0; k < outs.length; k++) {
            TensorSpec t = model.tensor(op.outputs()[k]);
            outs[k] = b.tensor(t.name(), t.dtype(), t.shape(), t.quantization());
        }
        OperatorT unpacked = op.options().unpack();
        BuiltinOptionsUnion u = unpacked.getBuiltinOptions();
        b.op(op.builtinCode(), op.version(), ins, outs, u == null ? 0 : u.getType(), u == null ? null : u.getValue());
        return b.inputs(graphInputs.stream().mapToInt(Integer::intValue).toArray()).outputs(outs).build();
    }
}
