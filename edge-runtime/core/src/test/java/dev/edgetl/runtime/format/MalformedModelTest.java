package dev.edgetl.runtime.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.OpResolver;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import dev.edgetl.runtime.testing.Fixtures;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A model file is untrusted input: each test breaks one real fixture model in one way (through the schema
 * object API or by patching bytes) and requires a {@link ModelFormatException} that names what is at fault.
 */
class MalformedModelTest {
    /** uint8 per-tensor MobileNetV1 0.25 (small, 0.5 MB). */
    static byte[] quant;
    /** int8 per-channel MobileNetV2 (TF2 post-training quantization). */
    static byte[] perChannel;

    @BeforeAll
    static void load() throws Exception {
        quant = Files.readAllBytes(Fixtures.model("mobilenet_v1_0.25_224_quant.tflite"));
        perChannel = Files.readAllBytes(Fixtures.model("tf2_mobilenet_v2_1.0_224_ptq.tflite"));
    }

    static ModelT unpack(byte[] bytes) {
        return ModelWriter.unpack(ModelReader.read(bytes, "fixture"));
    }

    static SubGraphT graph(ModelT m) {
        return m.getSubgraphs()[0];
    }

    static String rejected(ModelT m) {
        return rejected(ModelWriter.toBytes(m));
    }

    /** Reads (and prepares, with kernels that accept every op) the model; returns the error message. */
    static String rejected(byte[] bytes) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                TfliteModel model = ModelReader.read(bytes, "bad.tflite");
                Interpreter.create(model, InterpreterOptions.defaults().withResolver(acceptingEverything(model)))
                        .close();
            } catch (Throwable t) {
                caught[0] = t;
                throw t;
            }
        }).isInstanceOf(ModelFormatException.class);
        assertThat(caught[0].getMessage()).startsWith("bad.tflite: ");
        return caught[0].getMessage();
    }

    /**
     * The builtin kernels, plus a do-nothing stand-in for every other op of the model: so a test of the reader
     * or the planner does not depend on which kernels have been written yet (an unbroken model is accepted).
     */
    static OpResolver acceptingEverything(TfliteModel model) {
        OpResolver r = BuiltinKernels.all();
        for (OperatorSpec op : model.operators()) {
            if (!r.supports(op.builtinCode())) {
                r.register(op.builtinCode(), ctx -> () -> { });
            }
        }
        return r;
    }

    /** Index of the first constant tensor (a weight) read by operator 0. */
    static int weightOfOp0(ModelT m) {
        return graph(m).getOperators()[0].getInputs()[1];
    }

    static String tensorLabel(ModelT m, int t) {
        return "tensor " + t + " '" + graph(m).getTensors()[t].getName() + "'";
    }

    @Test
    void theUnmodifiedFixturesAreAccepted() {
        // Guards the other tests: every failure below comes from the one mutation.
        for (byte[] b : new byte[][] {quant, perChannel}) {
            ModelT m = unpack(b);
            TfliteModel model = ModelReader.read(ModelWriter.toBytes(m), "good.tflite");
            assertThat(model.operators()).isNotEmpty();
            Interpreter.create(model, InterpreterOptions.defaults().withResolver(acceptingEverything(model))).close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 7, 8, 16, 64, 1000, 100_000})
    void truncatedFilesAreRefused(int length) {
        // (A cut that only removes bytes the reader never looks at, e.g. trailing padding, may be accepted: the
        // fuzz test covers every cut for "no exception but ModelFormatException".)
        String msg = rejected(Arrays.copyOf(quant, length));
        assertThat(msg).matches("bad\\.tflite: .*(too short|not a TFLite model|corrupt|outside|claims|buffer|tensor|operator|subgraph|schema).*");
    }

    @Test
    void aTruncatedFileCutInsideTheWeightsNamesTheTensorOrBuffer() {
        // Cut just before the end: the flatbuffer tables sit before the large buffers in converter output.
        String msg = rejected(Arrays.copyOf(quant, quant.length / 2));
        assertThat(msg).containsAnyOf("tensor", "buffer", "corrupt", "operator", "subgraph");
    }

    @Test
    void wrongFileIdentifier() {
        byte[] b = quant.clone();
        b[4] = 'X';
        assertThat(rejected(b)).contains("not a TFLite model").contains("TFL3");
    }

    @Test
    void wrongSchemaVersion() {
        ModelT m = unpack(quant);
        m.setVersion(2);
        assertThat(rejected(m)).contains("schema version 2");
    }

    @Test
    void constantBufferOfTheWrongSize() {
        ModelT m = unpack(quant);
        int w = weightOfOp0(m);
        BufferT buf = m.getBuffers()[(int) graph(m).getTensors()[w].getBuffer()];
        buf.setData(Arrays.copyOf(buf.getData(), buf.getData().length - 1));
        assertThat(rejected(m)).contains(tensorLabel(m, w)).contains("constant buffer of");
    }

    @Test
    void operatorInputTensorIndexOutOfRange() {
        ModelT m = unpack(quant);
        OperatorT op = graph(m).getOperators()[2];
        int[] in = op.getInputs().clone();
        in[0] = graph(m).getTensors().length + 5;
        op.setInputs(in);
        assertThat(rejected(m)).contains("operator 2 (").contains("input 0 is tensor " + in[0]);
    }

    @Test
    void operatorOutputTensorIndexNegative() {
        ModelT m = unpack(quant);
        OperatorT op = graph(m).getOperators()[1];
        op.setOutputs(new int[] {-1});
        assertThat(rejected(m)).contains("operator 1 (").contains("output 0 is -1");
    }

    @Test
    void opcodeIndexOutOfRange() {
        ModelT m = unpack(quant);
        graph(m).getOperators()[3].setOpcodeIndex(m.getOperatorCodes().length);
        assertThat(rejected(m)).contains("operator 3 has opcode_index " + m.getOperatorCodes().length);
    }

    @Test
    void unknownBuiltinCode() {
        ModelT m = unpack(quant);
        m.getOperatorCodes()[0].setBuiltinCode(100_000);
        assertThat(rejected(m)).contains("operator code 0 has unknown builtin code 100000");
    }

    @Test
    void invalidOperatorVersion() {
        ModelT m = unpack(quant);
        m.getOperatorCodes()[0].setVersion(0);
        assertThat(rejected(m)).contains("operator code 0").contains("invalid version 0");
    }

    @Test
    void tensorBufferIndexOutOfRange() {
        ModelT m = unpack(quant);
        int w = weightOfOp0(m);
        graph(m).getTensors()[w].setBuffer(m.getBuffers().length + 1L);
        assertThat(rejected(m)).contains(tensorLabel(m, w)).contains("points to buffer " + (m.getBuffers().length + 1));
    }

    @Test
    void subgraphInputIndexOutOfRange() {
        ModelT m = unpack(quant);
        graph(m).setInputs(new int[] {graph(m).getTensors().length});
        assertThat(rejected(m)).contains("subgraph input 0 is tensor " + graph(m).getTensors().length);
    }

    @Test
    void negativeDimension() {
        ModelT m = unpack(quant);
        int t = graph(m).getOperators()[0].getOutputs()[0];
        int[] shape = graph(m).getTensors()[t].getShape().clone();
        shape[1] = -3;
        graph(m).getTensors()[t].setShape(shape);
        assertThat(rejected(m)).contains(tensorLabel(m, t)).contains("negative dimension 1 = -3");
    }

    @Test
    void elementCountOverflow() {
        ModelT m = unpack(quant);
        int t = graph(m).getOperators()[0].getOutputs()[0];
        graph(m).getTensors()[t].setShape(new int[] {1, 65536, 65536, 8});
        assertThat(rejected(m)).contains(tensorLabel(m, t)).contains("more than 2^31 elements");
    }

    @Test
    void tensorLargerThanTheLimit() {
        ModelT m = unpack(quant);
        int t = graph(m).getOperators()[0].getOutputs()[0];
        graph(m).getTensors()[t].setShape(new int[] {1, 1024, 1024, 64});
        byte[] bytes = ModelWriter.toBytes(m);
        assertThatThrownBy(() -> ModelReader.read(java.nio.ByteBuffer.wrap(bytes), "bad.tflite",
                new ModelReader.Limits(1L << 30, 16L << 20)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(tensorLabel(m, t))
                .hasMessageContaining("above the limit of " + (16L << 20));
    }

    @Test
    void fileLargerThanTheLimit() {
        assertThatThrownBy(() -> ModelReader.read(java.nio.ByteBuffer.wrap(quant), "bad.tflite",
                new ModelReader.Limits(1000, 1000)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.tflite: " + quant.length + " bytes, above the limit of 1000");
    }

    @Test
    void unsupportedTensorType() {
        ModelT m = unpack(quant);
        int t = graph(m).getOperators()[0].getOutputs()[0];
        graph(m).getTensors()[t].setType((byte) 8); // COMPLEX64
        assertThat(rejected(m)).contains(tensorLabel(m, t)).contains("COMPLEX64");
    }

    @Test
    void perChannelScaleCountMismatch() {
        ModelT m = unpack(perChannel);
        int w = -1;
        for (int t = 0; t < graph(m).getTensors().length && w < 0; t++) {
            QuantizationParametersT q = graph(m).getTensors()[t].getQuantization();
            if (q != null && q.getScale() != null && q.getScale().length > 1) {
                w = t;
            }
        }
        assertThat(w).as("a per-channel tensor in the fixture").isNotNegative();
        QuantizationParametersT q = graph(m).getTensors()[w].getQuantization();
        q.setScale(Arrays.copyOf(q.getScale(), q.getScale().length - 1));
        q.setZeroPoint(Arrays.copyOf(q.getZeroPoint(), q.getZeroPoint().length - 1));
        assertThat(rejected(m)).contains(tensorLabel(m, w)).contains("per-channel scales for dimension");
    }

    @Test
    void scalesAndZeroPointsOfDifferentLength() {
        ModelT m = unpack(quant);
        int w = weightOfOp0(m);
        QuantizationParametersT q = graph(m).getTensors()[w].getQuantization();
        q.setZeroPoint(new long[] {q.getZeroPoint()[0], 0});
        assertThat(rejected(m)).contains(tensorLabel(m, w)).contains("1 quantization scales but 2 zero points");
    }

    @Test
    void zeroQuantizationScale() {
        ModelT m = unpack(quant);
        int w = weightOfOp0(m);
        graph(m).getTensors()[w].getQuantization().setScale(new float[] {0f});
        assertThat(rejected(m)).contains(tensorLabel(m, w)).contains("quantization scale 0.0");
    }

    @Test
    void subgraphInputThatIsAConstant() {
        ModelT m = unpack(quant);
        int w = weightOfOp0(m);
        graph(m).setInputs(new int[] {w});
        assertThat(rejected(m)).contains("subgraph input " + tensorLabel(m, w)).contains("is a constant");
    }

    @Test
    void operatorReadingATensorNeverWritten() {
        ModelT m = unpack(quant);
        OperatorT[] ops = graph(m).getOperators();
        int lastOutput = ops[ops.length - 1].getOutputs()[0];
        int[] in = ops[1].getInputs().clone();
        in[0] = lastOutput;
        ops[1].setInputs(in);
        assertThat(rejected(m)).contains("operator 1 (").contains("reads " + tensorLabel(m, lastOutput))
                .contains("before any operator has written it");
    }

    @Test
    void operatorWritingIntoAConstant() {
        ModelT m = unpack(quant);
        int w = weightOfOp0(m);
        graph(m).getOperators()[0].setOutputs(new int[] {w});
        assertThat(rejected(m)).contains("operator 0 (").contains("writes into constant " + tensorLabel(m, w));
    }

    @Test
    void subgraphOutputNeverWritten() {
        ModelT m = unpack(quant);
        OperatorT[] ops = graph(m).getOperators();
        graph(m).setOperators(Arrays.copyOf(ops, ops.length - 1));
        int out = graph(m).getOutputs()[0];
        assertThat(rejected(m)).contains("subgraph output " + tensorLabel(m, out)).contains("never written");
    }

    @Test
    void modelWithoutSubgraph() {
        ModelT m = unpack(quant);
        m.setSubgraphs(new SubGraphT[0]);
        assertThat(rejected(m)).contains("no subgraph");
    }

    @Test
    void metadataPointingOutsideTheBuffers() {
        ModelT m = unpack(quant);
        assertThat(m.getMetadata()).as("the fixture has TFLite metadata").isNotEmpty();
        m.getMetadata()[0].setBuffer(m.getBuffers().length);
        assertThat(rejected(m)).contains("metadata '" + m.getMetadata()[0].getName() + "'")
                .contains("points to buffer " + m.getBuffers().length);
    }

    @Test
    void unsupportedOperatorIsRefusedUpFrontNamingOpAndIndex() {
        ModelT m = unpack(quant);
        OperatorCodeT[] codes = Arrays.copyOf(m.getOperatorCodes(), m.getOperatorCodes().length + 1);
        OperatorCodeT lstm = new OperatorCodeT();
        lstm.setBuiltinCode(BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM);
        lstm.setDeprecatedBuiltinCode((byte) BuiltinOperator.BIDIRECTIONAL_SEQUENCE_LSTM);
        lstm.setVersion(1);
        codes[codes.length - 1] = lstm;
        m.setOperatorCodes(codes);
        int victim = graph(m).getOperators().length - 2;
        graph(m).getOperators()[victim].setOpcodeIndex(codes.length - 1);
        TfliteModel model = ModelReader.read(ModelWriter.toBytes(m), "bad.tflite");
        // Every op but the LSTM has a kernel (a real one or a stand-in), so the check must name exactly that one.
        OpResolver r = acceptingEverything(ModelReader.read(quant, "fixture"));
        assertThatThrownBy(() -> Interpreter.create(model, InterpreterOptions.defaults().withResolver(r)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.tflite: operator " + victim + " (BIDIRECTIONAL_SEQUENCE_LSTM v1)")
                .hasMessageContaining("is not supported");
    }

    @Test
    void foldedOperatorOutputsCountAgainstTheArenaLimit() {
        // Operator 0 made to read only constants is folded at prepare time; its output lives outside the arena
        // but must still be bounded by the limit, or a small file could make the interpreter allocate gigabytes.
        ModelT m = unpack(quant);
        OperatorT op = graph(m).getOperators()[0];
        int[] in = op.getInputs().clone();
        in[0] = in[1]; // the weights, a constant, as the activation input too
        op.setInputs(in);
        int out = op.getOutputs()[0];
        graph(m).getTensors()[out].setShape(new int[] {1, 4096, 4096, 8}); // 128 MiB of uint8
        TfliteModel model = ModelReader.read(ModelWriter.toBytes(m), "bad.tflite");
        assertThatThrownBy(() -> Interpreter.create(model,
                InterpreterOptions.defaults().withResolver(acceptingEverything(model)).withArenaLimitBytes(32L << 20)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.tflite: ")
                .hasMessageContaining(tensorLabel(m, out))
                .hasMessageContaining("limit of " + (32L << 20));
    }

    @Test
    void variableTensorsCountAgainstTheArenaLimit() {
        ModelT m = unpack(quant);
        TensorT[] tensors = graph(m).getTensors();
        int input = graph(m).getInputs()[0];
        int marked = 0;
        for (int t = 0; t < tensors.length && marked < 16; t++) {
            int[] data = m.getBuffers()[(int) tensors[t].getBuffer()].getData();
            if (t != input && (data == null || data.length == 0)) {
                tensors[t].setIsVariable(true);
                tensors[t].setShape(new int[] {1, 1024, 1024, 4}); // 4 MiB each, 64 MiB in all
                marked++;
            }
        }
        TfliteModel model = ModelReader.read(ModelWriter.toBytes(m), "bad.tflite");
        assertThatThrownBy(() -> Interpreter.create(model,
                InterpreterOptions.defaults().withResolver(acceptingEverything(model)).withArenaLimitBytes(32L << 20)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.tflite: ")
                .hasMessageContaining("limit of " + (32L << 20));
    }

    @Test
    void corruptBuiltinOptionsTableIsReportedForItsOperator() throws Exception {
        // The reader does not decode options tables; a kernel reading a corrupt one (here: an offset pointing far
        // outside the file) must still end in a ModelFormatException naming the operator, not an
        // IndexOutOfBoundsException.
        TfliteModel good = ModelReader.read(quant, "fixture");
        org.tensorflow.lite.schema.Operator op0 = good.schema().subgraphs(0).operators(0);
        java.lang.reflect.Field pos = com.google.flatbuffers.Table.class.getDeclaredField("bb_pos");
        pos.setAccessible(true);
        int table = pos.getInt(op0);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(quant.clone()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int vtable = table - bb.getInt(table);
        int field = bb.getShort(vtable + 12); // Operator.builtin_options is field 4: vtable slot 4 + 2 * 4
        assertThat(field).as("operator 0 has builtin options").isPositive();
        bb.putInt(table + field, 0x7fff0000);
        TfliteModel model = ModelReader.read(bb.array(), "bad.tflite");
        OpResolver r = acceptingEverything(model);
        r.register(model.operators().get(0).builtinCode(), ctx -> {
            org.tensorflow.lite.schema.Conv2DOptions o = ctx.options(new org.tensorflow.lite.schema.Conv2DOptions());
            int stride = o == null ? 1 : o.strideW();
            return () -> { };
        });
        assertThatThrownBy(() -> Interpreter.create(model, InterpreterOptions.defaults().withResolver(r)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.tflite: operator 0 (" + model.operators().get(0).opName());
    }

    @Test
    void arenaOverTheLimit() {
        TfliteModel model = ModelReader.read(quant, "big.tflite");
        assertThatThrownBy(() -> Interpreter.create(model,
                InterpreterOptions.defaults().withResolver(acceptingEverything(model)).withArenaLimitBytes(100_000)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("big.tflite: the arena needs")
                .hasMessageContaining("100000 bytes");
    }
}
