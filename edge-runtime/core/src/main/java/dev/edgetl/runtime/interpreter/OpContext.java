package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import com.google.flatbuffers.Table;

/** What a {@link KernelFactory} sees of one operator while preparing it. */
public final class OpContext {
    private final TfliteModel model;
    private final OperatorSpec op;
    private final Tensor[] inputs;
    private final Tensor[] outputs;
    private final InterpreterOptions options;
    private final Parallel parallel;
    private long scratchBytes;

    OpContext(TfliteModel model, OperatorSpec op, Tensor[] inputs, Tensor[] outputs, InterpreterOptions options,
            Parallel parallel) {
        this.model = model;
        this.op = op;
        this.inputs = inputs;
        this.outputs = outputs;
        this.options = options;
        this.parallel = parallel;
    }

    public OperatorSpec op() {
        return op;
    }

    public int numInputs() {
        return inputs.length;
    }

    public int numOutputs() {
        return outputs.length;
    }

    /** Input {@code i}, or null when it is absent (index -1 or beyond the operator's inputs). */
    public Tensor input(int i) {
        return i < inputs.length ? inputs[i] : null;
    }

    /** Input {@code i}; an error naming the operator when it is absent. */
    public Tensor requireInput(int i) {
        Tensor t = input(i);
        if (t == null) {
            throw error("input " + i + " is missing");
        }
        return t;
    }

    public Tensor output(int i) {
        if (i >= outputs.length) {
            throw error("output " + i + " is missing");
        }
        return outputs[i];
    }

    /** The builtin options table, or null when the model has none for this operator. */
    public <T extends Table> T options(T table) {
        return op.options().builtinOptionsType() == 0 ? null : (T) op.options().builtinOptions(table);
    }

    public InterpreterOptions interpreterOptions() {
        return options;
    }

    /** The worker pool kernels split their work over (inline when it has one thread). */
    public Parallel parallel() {
        return parallel;
    }

    /** True when only the reference kernels may be used (tests and debugging). */
    public boolean referenceOnly() {
        return options.referenceKernels();
    }

    public String source() {
        return model.source();
    }

    /** An error that names the model, the operator and its index. */
    public ModelFormatException error(String message) {
        return new ModelFormatException(model.source() + ": " + op.describe() + ": " + message);
    }

    public void checkType(Tensor t, String role, DType... allowed) {
        for (DType d : allowed) {
            if (t.dtype == d) {
                return;
            }
        }
        throw error(role + " " + t.describe() + " has type " + t.dtype + "; expected one of "
                + java.util.Arrays.toString(allowed));
    }

    public void checkRank(Tensor t, String role, int rank) {
        if (t.rank() != rank) {
            throw error(role + " " + t.describe() + " must have rank " + rank);
        }
    }

    public void checkQuantized(Tensor t, String role) {
        if (!t.quant.isPresent()) {
            throw error(role + " " + t.describe() + " is " + t.dtype + " but has no quantization parameters");
        }
    }

    /** Persistent scratch owned by a kernel; counted in the interpreter's memory report. */
    public float[] newFloatScratch(int n) {
        scratchBytes += 4L * n;
        return new float[n];
    }

    public int[] newIntScratch(int n) {
        scratchBytes += 4L * n;
        return new int[n];
    }

    public byte[] newByteScratch(int n) {
        scratchBytes += n;
        return new byte[n];
    }

    /** Bytes of packed or decoded weights a kernel keeps beside the model's own constants. */
    public void countPacked(long bytes) {
        scratchBytes += bytes;
    }

    long scratchBytes() {
        return scratchBytes;
    }
}
