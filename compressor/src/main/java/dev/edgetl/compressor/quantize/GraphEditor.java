package dev.edgetl.compressor.quantize;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.TfliteModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Mutable view of subgraph 0 of a {@link ModelT} for quantization passes: tensors, operators and buffers as
 * lists, helpers to add constants and operators, and {@link #toBytes()} which drops tensors and buffers that
 * no longer have a user (replaced float weights) and renumbers every reference, signatures included.
 */
public final class GraphEditor {
    final ModelT model;
    final List<TensorT> tensors;
    final List<OperatorT> ops;
    final List<BufferT> buffers;
    final List<OperatorCodeT> opcodes;
    int[] inputs;
    int[] outputs;

    public GraphEditor(TfliteModel source) {
        this.model = ModelWriter.unpack(source);
        if (model.getSubgraphs().length != 1) {
            throw new QuantizationException(source.source() + ": only single-subgraph models can be quantized, this one has "
                    + model.getSubgraphs().length);
        }
        SubGraphT sg = model.getSubgraphs()[0];
        tensors = new ArrayList<>(Arrays.asList(sg.getTensors()));
        ops = new ArrayList<>(Arrays.asList(sg.getOperators()));
        buffers = new ArrayList<>(Arrays.asList(model.getBuffers()));
        opcodes = new ArrayList<>(Arrays.asList(model.getOperatorCodes()));
        inputs = sg.getInputs().clone();
        outputs = sg.getOutputs().clone();
    }

    int builtinCode(OperatorT op) {
        OperatorCodeT oc = opcodes.get((int) op.getOpcodeIndex());
        return Math.max(oc.getBuiltinCode(), oc.getDeprecatedBuiltinCode());
    }

    int version(OperatorT op) {
        return opcodes.get((int) op.getOpcodeIndex()).getVersion();
    }

    /** Points {@code op} at the opcode entry (builtin, version), adding one if needed. */
    void setVersion(OperatorT op, int version) {
        op.setOpcodeIndex(opcode(builtinCode(op), version));
    }

    int opcode(int builtin, int version) {
        for (int k = 0; k < opcodes.size(); k++) {
            OperatorCodeT oc = opcodes.get(k);
            if (Math.max(oc.getBuiltinCode(), oc.getDeprecatedBuiltinCode()) == builtin && oc.getVersion() == version
                    && oc.getCustomCode() == null) {
                return k;
            }
        }
        OperatorCodeT oc = new OperatorCodeT();
        oc.setBuiltinCode(builtin);
        oc.setDeprecatedBuiltinCode((byte) Math.min(builtin, 127));
        oc.setVersion(version);
        opcodes.add(oc);
        return opcodes.size() - 1;
    }

    TensorT tensor(int index) {
        return tensors.get(index);
    }

    boolean isConstant(int index) {
        if (index < 0) {
            return false;
        }
        long b = tensors.get(index).getBuffer();
        return b > 0 && b < buffers.size() && buffers.get((int) b).getData() != null
                && buffers.get((int) b).getData().length > 0;
    }

    DType dtype(int index) {
        return DType.fromCode(tensors.get(index).getType());
    }

    int numElements(int index) {
        int n = 1;
        for (int d : tensors.get(index).getShape()) {
            n *= d;
        }
        return n;
    }

    float[] floats(int index) {
        ByteBuffer bb = data(index);
        float[] f = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(f);
        return f;
    }

    ByteBuffer data(int index) {
        int[] u = buffers.get((int) tensors.get(index).getBuffer()).getData();
        byte[] b = new byte[u.length];
        for (int k = 0; k < u.length; k++) {
            b[k] = (byte) u[k];
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    int addBuffer(byte[] data) {
        int[] u = new int[data.length];
        for (int k = 0; k < data.length; k++) {
            u[k] = data[k] & 0xFF;
        }
        BufferT b = new BufferT();
        b.setData(u);
        buffers.add(b);
        return buffers.size() - 1;
    }

    int addTensor(String name, DType type, int[] shape, QuantizationParametersT q, byte[] data) {
        TensorT t = new TensorT();
        t.setName(name);
        t.setType(type.code());
        t.setShape(shape.clone());
        t.setBuffer(data == null ? 0 : addBuffer(data));
        if (q != null) {
            t.setQuantization(q);
        }
        tensors.add(t);
        return tensors.size() - 1;
    }

    /** A non-constant copy of tensor {@code like} with another type and quantization. */
    int addActivation(int like, String suffix, DType type, QuantizationParametersT q) {
        TensorT src = tensors.get(like);
        int idx = addTensor(src.getName() + suffix, type, src.getShape(), q, null);
        if (src.getShapeSignature() != null && src.getShapeSignature().length > 0) {
            tensors.get(idx).setShapeSignature(src.getShapeSignature().clone());
        }
        return idx;
    }

    OperatorT newOp(int builtin, int version, int[] in, int[] out, byte optionsType, Object options) {
        OperatorT op = new OperatorT();
        op.setOpcodeIndex(opcode(builtin, version));
        op.setInputs(in.clone());
        op.setOutputs(out.clone());
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(optionsType);
        u.setValue(options);
        op.setBuiltinOptions(u);
        return op;
    }

    static QuantizationParametersT perTensor(float scale, long zeroPoint) {
        QuantizationParametersT q = new QuantizationParametersT();
        q.setScale(new float[] {scale});
        q.setZeroPoint(new long[] {zeroPoint});
        q.setQuantizedDimension(0);
        return q;
    }

    static QuantizationParametersT perChannel(float[] scales, int dimension) {
        QuantizationParametersT q = new QuantizationParametersT();
        q.setScale(scales.clone());
        q.setZeroPoint(new long[scales.length]);
        q.setQuantizedDimension(dimension);
        return q;
    }

    /** The operators reading tensor {@code index}, in execution order. */
    List<OperatorT> consumers(int index) {
        List<OperatorT> r = new ArrayList<>();
        for (OperatorT op : ops) {
            for (int in : op.getInputs()) {
                if (in == index) {
                    r.add(op);
                    break;
                }
            }
        }
        return r;
    }

    boolean isGraphOutput(int index) {
        for (int o : outputs) {
            if (o == index) {
                return true;
            }
        }
        return false;
    }

    /** Makes {@code replacement} the graph output instead of {@code old}, signatures included. */
    void replaceGraphOutput(int old, int replacement) {
        for (int k = 0; k < outputs.length; k++) {
            if (outputs[k] == old) {
                outputs[k] = replacement;
            }
        }
        if (model.getSignatureDefs() != null) {
            for (SignatureDefT sd : model.getSignatureDefs()) {
                if (sd.getOutputs() != null) {
                    for (TensorMapT m : sd.getOutputs()) {
                        if (m.getTensorIndex() == old) {
                            m.setTensorIndex(replacement);
                        }
                    }
                }
            }
        }
    }

    void addMetadata(String name, byte[] data) {
        List<MetadataT> md = new ArrayList<>(model.getMetadata() == null ? List.of() : Arrays.asList(model.getMetadata()));
        md.removeIf(m -> m.getName().equals(name));
        MetadataT m = new MetadataT();
        m.setName(name);
        m.setBuffer(addBuffer(data));
        md.add(m);
        model.setMetadata(md.toArray(new MetadataT[0]));
    }

    /** Serialises, dropping unreferenced tensors, buffers and opcodes. */
    public byte[] toBytes() {
        boolean[] used = new boolean[tensors.size()];
        for (OperatorT op : ops) {
            for (int i : op.getInputs()) {
                if (i >= 0) {
                    used[i] = true;
                }
            }
            for (int o : op.getOutputs()) {
                used[o] = true;
            }
            if (op.getIntermediates() != null) {
                for (int i : op.getIntermediates()) {
                    used[i] = true;
                }
            }
        }
        for (int i : inputs) {
            used[i] = true;
        }
        for (int o : outputs) {
            used[o] = true;
        }
        int[] tensorMap = new int[tensors.size()];
        List<TensorT> keptTensors = new ArrayList<>();
        Map<Long, Long> bufferMap = new HashMap<>();
        List<BufferT> keptBuffers = new ArrayList<>();
        keptBuffers.add(buffers.get(0));
        bufferMap.put(0L, 0L);
        for (int t = 0; t < tensors.size(); t++) {
            if (!used[t]) {
                tensorMap[t] = -1;
                continue;
            }
            tensorMap[t] = keptTensors.size();
            TensorT tt = tensors.get(t);
            tt.setBuffer(remapBuffer(tt.getBuffer(), bufferMap, keptBuffers));
            keptTensors.add(tt);
        }
        if (model.getMetadata() != null) {
            for (MetadataT m : model.getMetadata()) {
                m.setBuffer(remapBuffer(m.getBuffer(), bufferMap, keptBuffers));
            }
        }
        boolean[] codeUsed = new boolean[opcodes.size()];
        for (OperatorT op : ops) {
            codeUsed[(int) op.getOpcodeIndex()] = true;
            op.setInputs(remap(op.getInputs(), tensorMap));
            op.setOutputs(remap(op.getOutputs(), tensorMap));
            if (op.getIntermediates() != null) {
                op.setIntermediates(remap(op.getIntermediates(), tensorMap));
            }
        }
        int[] codeMap = new int[opcodes.size()];
        List<OperatorCodeT> keptCodes = new ArrayList<>();
        for (int k = 0; k < opcodes.size(); k++) {
            if (codeUsed[k]) {
                codeMap[k] = keptCodes.size();
                keptCodes.add(opcodes.get(k));
            }
        }
        for (OperatorT op : ops) {
            op.setOpcodeIndex(codeMap[(int) op.getOpcodeIndex()]);
        }
        if (model.getSignatureDefs() != null) {
            for (SignatureDefT sd : model.getSignatureDefs()) {
                sd.setInputs(remapSignature(sd.getInputs(), tensorMap));
                sd.setOutputs(remapSignature(sd.getOutputs(), tensorMap));
            }
        }
        SubGraphT sg = model.getSubgraphs()[0];
        sg.setTensors(keptTensors.toArray(new TensorT[0]));
        sg.setOperators(ops.toArray(new OperatorT[0]));
        sg.setInputs(remap(inputs, tensorMap));
        sg.setOutputs(remap(outputs, tensorMap));
        model.setBuffers(keptBuffers.toArray(new BufferT[0]));
        model.setOperatorCodes(keptCodes.toArray(new OperatorCodeT[0]));
        model.setMetadataBuffer(null);
        return ModelWriter.toBytes(model);
    }

    private long remapBuffer(long b, Map<Long, Long> map, List<BufferT> kept) {
        Long m = map.get(b);
        if (m == null) {
            m = (long) kept.size();
            kept.add(buffers.get((int) b));
            map.put(b, m);
        }
        return m;
    }

    private static int[] remap(int[] idx, int[] map) {
        int[] r = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            r[k] = idx[k] < 0 ? idx[k] : map[idx[k]];
        }
        return r;
    }

    private static TensorMapT[] remapSignature(TensorMapT[] maps, int[] tensorMap) {
        if (maps == null) {
            return null;
        }
        List<TensorMapT> r = new ArrayList<>();
        for (TensorMapT m : maps) {
            int t = (int) m.getTensorIndex();
            if (t >= 0 && t < tensorMap.length && tensorMap[t] >= 0) {
                m.setTensorIndex(tensorMap[t]);
                r.add(m);
            }
        }
        return r.toArray(new TensorMapT[0]);
    }
}
