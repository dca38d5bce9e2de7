package dev.edgetl.runtime.format;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.Model;

/**
 * A validated TFLite model (subgraph 0). Everything here has been checked by {@link ModelReader}: indices
 * are in range, constant buffers match their tensor's size, every tensor an operator reads is produced
 * before it (or is an input or a constant).
 */
public final class TfliteModel {
    private final String source;
    private final ByteBuffer bytes;
    private final Model schema;
    private final String description;
    private final List<TensorSpec> tensors;
    private final List<OperatorSpec> operators;
    private final int[] inputs;
    private final int[] outputs;
    private final Map<String, ByteBuffer> metadata;

    public TfliteModel(String source, ByteBuffer bytes, Model schema, String description, List<TensorSpec> tensors, List<OperatorSpec> operators, int[] inputs, int[] outputs, Map<String, ByteBuffer> metadata) {
        this.source = source;
        this.bytes = bytes;
        this.schema = schema;
        this.description = description;
        this.tensors = tensors;
        this.operators = operators;
        this.inputs = inputs;
        this.outputs = outputs;
        this.metadata = metadata;
    }

    public String source() {
        return source;
    }

    public ByteBuffer bytes() {
        return bytes;
    }

    public Model schema() {
        return schema;
    }

    public String description() {
        return description;
    }

    public List<TensorSpec> tensors() {
        return tensors;
    }

    public List<OperatorSpec> operators() {
        return operators;
    }

    public int[] inputs() {
        return inputs;
    }

    public int[] outputs() {
        return outputs;
    }

    public Map<String, ByteBuffer> metadata() {
        return metadata;
    }


    public TensorSpec tensor(int index) {
        return tensors.get(index);
    }

    public TensorSpec input(int i) {
        return tensors.get(inputs[i]);
    }

    public TensorSpec output(int i) {
        return tensors.get(outputs[i]);
    }

    public long fileBytes() {
        return bytes.limit();
    }

    /** Bytes of all constant tensors (the weights). */
    public long weightBytes() {
        long sum = 0;
        for (TensorSpec t : tensors) {
            if (t.isConstant()) {
                sum += t.data().remaining();
            }
        }
        return sum;
    }

    /** Number of scalar parameters stored in constant tensors. */
    public long parameterCount() {
        long sum = 0;
        for (TensorSpec t : tensors) {
            if (t.isConstant()) {
                sum += t.numElements();
            }
        }
        return sum;
    }
}
