package dev.edgetl.runtime.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Builds a single-subgraph TFLite model from tensors and operators, for the trainer's export, the
 * compressor and tests. Options are the schema's object classes ({@code Conv2DOptionsT} etc.).
 *
 * <pre>{@code
 * ModelBuilder b = new ModelBuilder("my model");
 * int x = b.tensor("x", DType.FLOAT32, new int[] {1, 4}, Quantization.NONE);
 * int y = b.tensor("y", DType.FLOAT32, new int[] {1, 4}, Quantization.NONE);
 * b.op(BuiltinOperator.RELU, new int[] {x}, new int[] {y}, BuiltinOptions.NONE, null);
 * byte[] tflite = b.inputs(x).outputs(y).build();
 * }</pre>
 */
public final class ModelBuilder {
    private final String description;
    private final List<TensorT> tensors = new ArrayList<>();
    private final List<BufferT> buffers = new ArrayList<>();
    private final List<OperatorT> operators = new ArrayList<>();
    private final Map<Long, Integer> opcodeIndex = new LinkedHashMap<>();
    private final List<OperatorCodeT> opcodes = new ArrayList<>();
    private final List<MetadataT> metadata = new ArrayList<>();
    private int[] inputs = new int[0];
    private int[] outputs = new int[0];

    public ModelBuilder(String description) {
        this.description = description;
        buffers.add(new BufferT()); // buffer 0 is the empty buffer by convention
    }

    /** A non-constant tensor (activation, input or output). Returns its index. */
    public int tensor(String name, DType type, int[] shape, Quantization q) {
        return addTensor(name, type, shape, q, 0);
    }

    /** A constant tensor with raw little-endian bytes. */
    /**
     * A variable tensor (is_variable = true, no data): state that an operator such as
     * UNIDIRECTIONAL_SEQUENCE_LSTM keeps between runs. Interpreters start it at zero.
     */
    public int variable(String name, DType type, int[] shape, Quantization q) {
        int t = addTensor(name, type, shape, q, 0);
        tensors.get(t).setIsVariable(true);
        return t;
    }

    public int constant(String name, DType type, int[] shape, Quantization q, byte[] data) {
        long expected = (long) TensorSpec.numElements(shape) * type.byteSize();
        if (data.length != expected) {
            throw new IllegalArgumentException("constant '" + name + "' has " + data.length + " bytes, shape needs "
                    + expected);
        }
        return addTensor(name, type, shape, q, addBuffer(data));
    }

    public int constant(String name, int[] shape, float[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(values);
        return constant(name, DType.FLOAT32, shape, Quantization.NONE, bb.array());
    }

    public int constantInt32(String name, int[] shape, int[] values, Quantization q) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(values);
        return constant(name, DType.INT32, shape, q, bb.array());
    }

    private int addBuffer(byte[] data) {
        BufferT b = new BufferT();
        int[] ubytes = new int[data.length];
        for (int k = 0; k < data.length; k++) {
            ubytes[k] = data[k] & 0xFF;
        }
        b.setData(ubytes);
        buffers.add(b);
        return buffers.size() - 1;
    }

    private int addTensor(String name, DType type, int[] shape, Quantization q, int buffer) {
        TensorT t = new TensorT();
        t.setName(name);
        t.setType(type.code());
        t.setShape(shape.clone());
        t.setBuffer(buffer);
        if (q != null && q.isPresent()) {
            QuantizationParametersT qp = new QuantizationParametersT();
            qp.setScale(q.scales().clone());
            qp.setZeroPoint(q.zeroPoints().clone());
            qp.setQuantizedDimension(q.quantizedDimension());
            t.setQuantization(qp);
        }
        tensors.add(t);
        return tensors.size() - 1;
    }

    /**
     * An operator. {@code optionsType} is a {@code BuiltinOptions} constant and {@code options} the matching
     * object ({@code Conv2DOptionsT} ...), or {@code BuiltinOptions.NONE} and null.
     */
    public ModelBuilder op(int builtinCode, int[] in, int[] out, byte optionsType, Object options) {
        return op(builtinCode, 1, in, out, optionsType, options);
    }

    public ModelBuilder op(int builtinCode, int version, int[] in, int[] out, byte optionsType, Object options) {
        long key = ((long) builtinCode << 32) | version;
        Integer idx = opcodeIndex.get(key);
        if (idx == null) {
            OperatorCodeT oc = new OperatorCodeT();
            oc.setBuiltinCode(builtinCode);
            // Readers older than schema 3a only look at the byte-wide field; 127 means "look at builtin_code".
            oc.setDeprecatedBuiltinCode((byte) Math.min(builtinCode, 127));
            oc.setVersion(version);
            opcodes.add(oc);
            idx = opcodes.size() - 1;
            opcodeIndex.put(key, idx);
        }
        OperatorT op = new OperatorT();
        op.setOpcodeIndex(idx);
        op.setInputs(in.clone());
        op.setOutputs(out.clone());
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(optionsType);
        u.setValue(options);
        op.setBuiltinOptions(u);
        operators.add(op);
        return this;
    }

    public ModelBuilder inputs(int... in) {
        this.inputs = in.clone();
        return this;
    }

    public ModelBuilder outputs(int... out) {
        this.outputs = out.clone();
        return this;
    }

    /** Adds a named metadata entry (e.g. "min_runtime_version", or edgetl's own). */
    public ModelBuilder metadata(String name, byte[] data) {
        MetadataT m = new MetadataT();
        m.setName(name);
        m.setBuffer(addBuffer(data));
        metadata.add(m);
        return this;
    }

    public ModelT toModelT() {
        SubGraphT sg = new SubGraphT();
        sg.setName("main");
        sg.setTensors(tensors.toArray(new TensorT[0]));
        sg.setOperators(operators.toArray(new OperatorT[0]));
        sg.setInputs(inputs);
        sg.setOutputs(outputs);
        ModelT m = new ModelT();
        m.setVersion(ModelReader.SCHEMA_VERSION);
        m.setDescription(description);
        m.setOperatorCodes(opcodes.toArray(new OperatorCodeT[0]));
        m.setSubgraphs(new SubGraphT[] {sg});
        m.setBuffers(buffers.toArray(new BufferT[0]));
        m.setMetadata(metadata.toArray(new MetadataT[0]));
        return m;
    }

    public byte[] build() {
        return ModelWriter.toBytes(toModelT());
    }
}
