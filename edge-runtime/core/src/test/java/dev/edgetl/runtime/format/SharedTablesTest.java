package dev.edgetl.runtime.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.Fixtures;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * A flatbuffer may point many tables at one vector, string or buffer. A reader that decodes each reference
 * separately then does work and allocations quadratic in the file size: a 1 MB file could ask for gigabytes.
 * These hostile files must be refused (or, for shared constant buffers, decoded once).
 */
class SharedTablesTest {
    static final int N = 20_000;

    @Test
    void operatorsSharingOneHugeInputVectorAreRefused() {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1 << 20);
        int sharedIn = Operator.createInputsVector(fbb, new int[N]); // N times tensor 0
        int sharedOut = Operator.createOutputsVector(fbb, new int[] {1});
        int[] ops = new int[N];
        for (int k = 0; k < N; k++) {
            Operator.startOperator(fbb);
            Operator.addOpcodeIndex(fbb, 0);
            Operator.addInputs(fbb, sharedIn);
            Operator.addOutputs(fbb, sharedOut);
            ops[k] = Operator.endOperator(fbb);
        }
        int[] tensors = {floatTensor(fbb, fbb.createString("x"), -1), floatTensor(fbb, fbb.createString("y"), -1)};
        byte[] bytes = finish(fbb, tensors, ops);
        assertThatThrownBy(() -> ModelReader.read(bytes, "shared.tflite"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("shared.tflite: ")
                .hasMessageContaining("operator")
                .hasMessageContaining("more than the file holds");
    }

    @Test
    void tensorsSharingOneHugeNameAreRefused() {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1 << 20);
        char[] longName = new char[200_000];
        Arrays.fill(longName, 'n');
        int name = fbb.createString(new String(longName));
        int[] tensors = new int[N];
        for (int k = 0; k < N; k++) {
            tensors[k] = floatTensor(fbb, name, -1);
        }
        int in = Operator.createInputsVector(fbb, new int[] {0});
        int out = Operator.createOutputsVector(fbb, new int[] {1});
        int op = Operator.createOperator(fbb, 0, in, out, (byte) 0, 0, 0, (byte) 0, 0, 0);
        byte[] bytes = finish(fbb, tensors, new int[] {op});
        assertThatThrownBy(() -> ModelReader.read(bytes, "shared.tflite"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("shared.tflite: ")
                .hasMessageContaining("tensor")
                .hasMessageContaining("more than the file holds");
    }

    @Test
    void tensorsSharingOneHugeQuantizationAreRefused() {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1 << 20);
        float[] scales = new float[N];
        Arrays.fill(scales, 0.5f);
        int scaleVec = QuantizationParameters.createScaleVector(fbb, scales);
        int zpVec = QuantizationParameters.createZeroPointVector(fbb, new long[N]);
        int q = QuantizationParameters.createQuantizationParameters(fbb, 0, 0, scaleVec, zpVec, (byte) 0, 0, 0);
        int shape = Tensor.createShapeVector(fbb, new int[] {N});
        int[] tensors = new int[N];
        for (int k = 0; k < N; k++) {
            Tensor.startTensor(fbb);
            Tensor.addShape(fbb, shape);
            Tensor.addType(fbb, TensorType.INT8);
            Tensor.addQuantization(fbb, q);
            tensors[k] = Tensor.endTensor(fbb);
        }
        int in = Operator.createInputsVector(fbb, new int[] {0});
        int out = Operator.createOutputsVector(fbb, new int[] {1});
        int op = Operator.createOperator(fbb, 0, in, out, (byte) 0, 0, 0, (byte) 0, 0, 0);
        byte[] bytes = finish(fbb, tensors, new int[] {op});
        assertThatThrownBy(() -> ModelReader.read(bytes, "shared.tflite"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("shared.tflite: ")
                .hasMessageContaining("quantization")
                .hasMessageContaining("more than the file holds");
    }

    @Test
    void tensorsSharingOneConstantBufferAreDecodedOnce() throws Exception {
        ModelT m = ModelWriter.unpack(ModelReader.read(Fixtures.model("mobilenet_v1_0.25_224_quant.tflite")));
        TensorT[] tensors = m.getSubgraphs()[0].getTensors();
        TensorT biggest = null;
        for (TensorT t : tensors) {
            int[] data = m.getBuffers()[(int) t.getBuffer()].getData();
            if (data != null && (biggest == null
                    || data.length > m.getBuffers()[(int) biggest.getBuffer()].getData().length)) {
                biggest = t;
            }
        }
        int copies = 500;
        TensorT[] more = Arrays.copyOf(tensors, tensors.length + copies);
        for (int k = 0; k < copies; k++) {
            TensorT c = new TensorT();
            c.setName("alias" + k);
            c.setType(biggest.getType());
            c.setShape(biggest.getShape());
            c.setBuffer(biggest.getBuffer());
            c.setQuantization(biggest.getQuantization());
            more[tensors.length + k] = c;
        }
        m.getSubgraphs()[0].setTensors(more);
        byte[] bytes = ModelWriter.toBytes(m);
        TfliteModel model = ModelReader.read(bytes, "aliases.tflite");
        try (Interpreter it = Interpreter.create(model,
                InterpreterOptions.defaults().withResolver(MalformedModelTest.acceptingEverything(model)))) {
            // 500 aliases of a 256 KB buffer would be 128 MB if each were decoded on its own.
            assertThat(it.constantBytes()).isLessThanOrEqualTo(bytes.length);
        }
    }

    static int floatTensor(FlatBufferBuilder fbb, int name, int quant) {
        int shape = Tensor.createShapeVector(fbb, new int[] {1});
        Tensor.startTensor(fbb);
        Tensor.addShape(fbb, shape);
        Tensor.addType(fbb, TensorType.FLOAT32);
        Tensor.addName(fbb, name);
        if (quant >= 0) {
            Tensor.addQuantization(fbb, quant);
        }
        return Tensor.endTensor(fbb);
    }

    /** Subgraph (input tensor 0, output tensor 1), one RELU opcode, one empty buffer, schema version 3. */
    static byte[] finish(FlatBufferBuilder fbb, int[] tensors, int[] ops) {
        int tensorVec = SubGraph.createTensorsVector(fbb, tensors);
        int opVec = SubGraph.createOperatorsVector(fbb, ops);
        int inVec = SubGraph.createInputsVector(fbb, new int[] {0});
        int outVec = SubGraph.createOutputsVector(fbb, new int[] {1});
        int sg = SubGraph.createSubGraph(fbb, tensorVec, inVec, outVec, opVec, 0);
        OperatorCode.startOperatorCode(fbb);
        OperatorCode.addBuiltinCode(fbb, BuiltinOperator.RELU);
        OperatorCode.addDeprecatedBuiltinCode(fbb, (byte) BuiltinOperator.RELU);
        OperatorCode.addVersion(fbb, 1);
        int code = OperatorCode.endOperatorCode(fbb);
        Buffer.startBuffer(fbb);
        int empty = Buffer.endBuffer(fbb);
        int codes = Model.createOperatorCodesVector(fbb, new int[] {code});
        int sgs = Model.createSubgraphsVector(fbb, new int[] {sg});
        int bufs = Model.createBuffersVector(fbb, new int[] {empty});
        Model.startModel(fbb);
        Model.addVersion(fbb, 3);
        Model.addOperatorCodes(fbb, codes);
        Model.addSubgraphs(fbb, sgs);
        Model.addBuffers(fbb, bufs);
        Model.finishModelBuffer(fbb, Model.endModel(fbb));
        return fbb.sizedByteArray();
    }
}
