package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs subgraph 0 of a validated model. Preparation decodes the constants, folds operators whose inputs are
 * all constant (e.g. DEQUANTIZE of fp16 weights) once, plans one arena per storage family from tensor
 * lifetimes, and prepares a kernel per operator. {@link #run()} then only executes kernels: no allocation.
 *
 * <p>Not thread-safe: one interpreter per thread (kernels may still use several threads internally).
 */
public final class Interpreter implements AutoCloseable {
    private final TfliteModel model;
    private final InterpreterOptions options;
    private final Tensor[] tensors;
    private final Kernel[] kernels;
    /** Variable tensors (operator state such as an LSTM's), zeroed at create and by resetVariableTensors(). */
    private final List<Tensor> variables = new ArrayList<>();
    private final String[] kernelNames;
    private final Parallel parallel;
    private final Map<Tensor.Storage, Long> arenaElements = new EnumMap<>(Tensor.Storage.class);
    private long arenaBytes;
    /** Folded outputs and variables: allocated outside the arena, bounded by the same limit. */
    private long ownedBytes;
    private long constantBytes;
    private long scratchBytes;

    private Interpreter(TfliteModel model, InterpreterOptions options) {
        this.model = model;
        this.options = options;
        options.resolver().checkSupported(model);
        List<TensorSpec> specs = model.tensors();
        tensors = new Tensor[specs.size()];
        Map<String, Object> decoded = new HashMap<>();
        for (int t = 0; t < tensors.length; t++) {
            tensors[t] = new Tensor(specs.get(t));
            // A variable's buffer (if any) is not its value: TFLite zeroes variables when it allocates them.
            if (specs.get(t).isConstant() && !specs.get(t).variable()) {
                decodeConstant(tensors[t], decoded);
            }
        }
        List<OperatorSpec> ops = model.operators();
        boolean[] folded = new boolean[ops.size()];
        for (OperatorSpec op : ops) {
            boolean allConstant = true;
            for (int in : op.inputs()) {
                allConstant &= in < 0 || tensors[in].constant;
            }
            // An operator without inputs has nothing to fold; graph outputs must stay writable by the user's run.
            if (allConstant && op.inputs().length > 0 && !isGraphOutput(op)) {
                folded[op.index()] = true;
                for (int out : op.outputs()) {
                    allocateBounded(tensors[out], "output of folded " + op.describe());
                    tensors[out].constant = true;
                }
            }
        }
        for (Tensor t : tensors) {
            if (t.spec.variable() && !t.constant) {
                allocateBounded(t, "variable");
                t.constant = true; // persistent state lives outside the arena
                variables.add(t);
            }
        }
        planArena(ops);
        if (arenaBytes > options.arenaLimitBytes()) {
            throw new ModelFormatException(model.source() + ": the arena needs " + arenaBytes
                    + " bytes, above the limit of " + options.arenaLimitBytes());
        }
        parallel = new Parallel(options.threads());
        kernels = new Kernel[ops.size()];
        kernelNames = new String[ops.size()];
        List<Kernel> foldedKernels = new ArrayList<>();
        for (OperatorSpec op : ops) {
            Tensor[] in = new Tensor[op.inputs().length];
            for (int k = 0; k < in.length; k++) {
                in[k] = op.inputs()[k] < 0 ? null : tensors[op.inputs()[k]];
            }
            Tensor[] out = new Tensor[op.outputs().length];
            for (int k = 0; k < out.length; k++) {
                out[k] = tensors[op.outputs()[k]];
            }
            OpContext ctx = new OpContext(model, op, in, out, options, parallel);
            Kernel kernel = createKernel(op, ctx);
            scratchBytes += ctx.scratchBytes();
            kernelNames[op.index()] = op.opName();
            if (folded[op.index()]) {
                kernel.run();
                kernels[op.index()] = null;
            } else {
                kernels[op.index()] = kernel;
            }
        }
        constantBytes += ownedBytes;
        resetVariableTensors();
    }

    /**
     * Sets every variable tensor (operator state kept between runs, e.g. an LSTM's output and cell state) back
     * to zero, like TFLite's {@code ResetVariableTensors}: int8 variables get their zero point.
     */
    public void resetVariableTensors() {
        for (Tensor t : variables) {
            switch (t.storage()) {
                case FLOAT -> java.util.Arrays.fill(t.f, t.offset, t.offset + t.size, 0f);
                case BYTE -> java.util.Arrays.fill(t.b, t.offset, t.offset + t.size,
                        (byte) (t.dtype == DType.INT8 && t.quant.isPresent() ? t.zeroPoint() : 0));
                case INT -> java.util.Arrays.fill(t.i, t.offset, t.offset + t.size, 0);
                case LONG -> java.util.Arrays.fill(t.l, t.offset, t.offset + t.size, 0L);
                case SHORT -> java.util.Arrays.fill(t.s, t.offset, t.offset + t.size, (short) 0);
            }
        }
    }

    /**
     * Prepares one operator. The reader does not decode options tables (kernels read them lazily), so a corrupt
     * table surfaces here as an out-of-range read: reported as a format error naming the operator.
     */
    private Kernel createKernel(OperatorSpec op, OpContext ctx) {
        try {
            return options.resolver().find(op.builtinCode()).create(ctx);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new ModelFormatException(ctx.error("corrupt or inconsistent model data while preparing ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")").getMessage(), e);
        }
    }

        public static Interpreter create(TfliteModel model) {
        return new Interpreter(model, InterpreterOptions.defaults());
    }

    public static Interpreter create(TfliteModel model, InterpreterOptions options) {
        return new Interpreter(model, options);
    }

    private boolean isGraphOutput(OperatorSpec op) {
        for (int out : op.outputs()) {
            for (int g : model.outputs()) {
                if (g == out) {
                    return true;
                }
            }
        }
        return false;
    }

    private void planArena(List<OperatorSpec> ops) {
        int n = tensors.length;
        int[] first = new int[n];
        int[] last = new int[n];
        java.util.Arrays.fill(first, -1);
        // Graph inputs live for the whole run, like TFLite's preserved inputs: a caller may set them once and run
        // many times, so no intermediate tensor may reuse their memory.
        for (int g : model.inputs()) {
            first[g] = 0;
            last[g] = ops.size();
        }
        for (OperatorSpec op : ops) {
            for (int in : op.inputs()) {
                if (in >= 0) {
                    last[in] = Math.max(last[in], op.index());
                    if (first[in] < 0) {
                        first[in] = op.index();
                    }
                }
            }
            for (int out : op.outputs()) {
                if (first[out] < 0) {
                    first[out] = op.index();
                }
                last[out] = Math.max(last[out], op.index());
            }
        }
        for (int g : model.outputs()) {
            last[g] = ops.size();
        }
        Map<Tensor.Storage, List<ArenaPlanner.Request>> requests = new EnumMap<>(Tensor.Storage.class);
        for (Tensor t : tensors) {
            if (t.constant || first[t.index()] < 0) {
                continue;
            }
            requests.computeIfAbsent(t.storage(), s -> new ArrayList<>())
                    .add(new ArenaPlanner.Request(t.index(), t.size, first[t.index()], last[t.index()]));
        }
        for (Map.Entry<Tensor.Storage, List<ArenaPlanner.Request>> e : requests.entrySet()) {
            List<ArenaPlanner.Placement> placements = ArenaPlanner.plan(e.getValue());
            long size = ArenaPlanner.arenaSize(e.getValue(), placements);
            long bytes = size * bytesPerElement(e.getKey());
            if (size > Integer.MAX_VALUE || ownedBytes + arenaBytes + bytes > options.arenaLimitBytes()) {
                throw new ModelFormatException(model.source() + ": the arena needs more than "
                        + options.arenaLimitBytes() + " bytes");
            }
            arenaElements.put(e.getKey(), size);
            arenaBytes += bytes;
            Object array = newArray(e.getKey(), (int) size);
            for (ArenaPlanner.Placement p : placements) {
                tensors[p.id()].bind(e.getKey(), array, p.offset());
            }
        }
    }

    private static Object array(Tensor t) {
        switch (t.storage()) {
            case FLOAT:
                return t.f;
            case BYTE:
                return t.b;
            case INT:
                return t.i;
            case LONG:
                return t.l;
            default:
                return t.s;
        }
    }

    private static int bytesPerElement(Tensor.Storage s) {
        return switch (s) {
            case FLOAT, INT -> 4;
            case BYTE -> 1;
            case LONG -> 8;
            case SHORT -> 2;
        };
    }

    private static Object newArray(Tensor.Storage s, int n) {
        return switch (s) {
            case FLOAT -> new float[n];
            case BYTE -> new byte[n];
            case INT -> new int[n];
            case LONG -> new long[n];
            case SHORT -> new short[n];
        };
    }

    /**
     * Allocates a tensor that lives outside the arena but is not backed by file data (folded outputs, variables):
     * it counts against the arena limit, so that a small file cannot make the interpreter allocate gigabytes.
     */
    private void allocateBounded(Tensor t, String role) {
        ownedBytes += t.byteSize();
        if (ownedBytes > options.arenaLimitBytes()) {
            throw new ModelFormatException(model.source() + ": " + t.describe() + " (" + role + ") takes the memory "
                    + "outside the arena to " + ownedBytes + " bytes, above the limit of " + options.arenaLimitBytes());
        }
        allocateOwn(t);
    }

    private void allocateOwn(Tensor t) {
        t.bind(t.storage(), newArray(t.storage(), t.size), 0);
    }

    /**
     * Decodes a constant into its own typed array, once per buffer: tensors that share a buffer share the array
     * (constants are read-only, as in TFLite where they point into the model file), so that a file pointing many
     * tensors at one buffer cannot multiply the memory it needs.
     */
    private void decodeConstant(Tensor t, Map<String, Object> decoded) {
        t.constant = true;
        String key = model.schema().subgraphs(0).tensors(t.index()).buffer() + ":" + t.storage();
        Object shared = decoded.get(key);
        if (shared != null) {
            t.bind(t.storage(), shared, 0);
            return;
        }
        allocateOwn(t);
        decoded.put(key, array(t));
        constantBytes += t.byteSize();
        ByteBuffer data = t.spec.dataView();
        switch (t.storage()) {
            case FLOAT -> data.asFloatBuffer().get(t.f);
            case BYTE -> data.get(t.b);
            case INT -> data.asIntBuffer().get(t.i);
            case LONG -> data.asLongBuffer().get(t.l);
            case SHORT -> data.asShortBuffer().get(t.s);
        }
    }

    /** Runs every operator once on the current input tensors. */
    public void run() {
        for (int k = 0; k < kernels.length; k++) {
            Kernel kernel = kernels[k];
            if (kernel != null) {
                kernel.run();
            }
        }
    }

    /** Runs every operator once, calling {@code observer} after each. */
    public void run(OpObserver observer) {
        List<OperatorSpec> ops = model.operators();
        for (int k = 0; k < kernels.length; k++) {
            Kernel kernel = kernels[k];
            if (kernel != null) {
                kernel.run();
                observer.afterOp(ops.get(k), this);
            }
        }
    }

    public TfliteModel model() {
        return model;
    }

    public InterpreterOptions options() {
        return options;
    }

    public int inputCount() {
        return model.inputs().length;
    }

    public int outputCount() {
        return model.outputs().length;
    }

    public Tensor input(int i) {
        return tensors[model.inputs()[i]];
    }

    public Tensor output(int i) {
        return tensors[model.outputs()[i]];
    }

    public Tensor tensor(int index) {
        return tensors[index];
    }

    /** Number of prepared (not folded) kernels and their op names, in execution order. */
    public List<String> executedOps() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < kernels.length; k++) {
            if (kernels[k] != null) {
                names.add(kernelNames[k]);
            }
        }
        return names;
    }

    /** Bytes of the planned activation arena (all storage families). */
    public long arenaBytes() {
        return arenaBytes;
    }

    /** Bytes of decoded constants and folded tensors held by this interpreter. */
    public long constantBytes() {
        return constantBytes;
    }

    /** Bytes of kernel scratch and packed weights. */
    public long scratchBytes() {
        return scratchBytes;
    }

    /** Copies raw little-endian bytes into input {@code i}; the length must match the tensor exactly. */
    public void setInputBytes(int i, byte[] bytes) {
        Tensor t = input(i);
        if (bytes.length != t.byteSize()) {
            throw new IllegalArgumentException("input " + i + " " + t.describe() + " takes exactly " + t.byteSize()
                    + " bytes, got " + bytes.length);
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.storage()) {
            case FLOAT -> bb.asFloatBuffer().get(t.f, t.offset, t.size);
            case BYTE -> bb.get(t.b, t.offset, t.size);
            case INT -> bb.asIntBuffer().get(t.i, t.offset, t.size);
            case LONG -> bb.asLongBuffer().get(t.l, t.offset, t.size);
            case SHORT -> bb.asShortBuffer().get(t.s, t.offset, t.size);
        }
    }

    /** Output {@code i} as raw little-endian bytes. */
    public byte[] outputBytes(int i) {
        return tensorBytes(output(i));
    }

    public static byte[] tensorBytes(Tensor t) {
        ByteBuffer bb = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.storage()) {
            case FLOAT -> bb.asFloatBuffer().put(t.f, t.offset, t.size);
            case BYTE -> bb.put(t.b, t.offset, t.size);
            case INT -> bb.asIntBuffer().put(t.i, t.offset, t.size);
            case LONG -> bb.asLongBuffer().put(t.l, t.offset, t.size);
            case SHORT -> bb.asShortBuffer().put(t.s, t.offset, t.size);
        }
        return bb.array();
    }

    /** Output {@code i} as real numbers: float as is, int8/uint8 dequantized with its scale and zero point. */
    public float[] outputAsFloats(int i) {
        return asFloats(output(i));
    }

    public static float[] asFloats(Tensor t) {
        float[] r = new float[t.size];
        if (t.dtype == DType.FLOAT32) {
            System.arraycopy(t.f, t.offset, r, 0, t.size);
        } else if (t.dtype.isQuantized8()) {
            float scale = t.quant.isPresent() ? t.scale() : 1f;
            int zp = t.quant.isPresent() ? t.zeroPoint() : 0;
            for (int k = 0; k < t.size; k++) {
                r[k] = scale * (t.q(k) - zp);
            }
        } else if (t.dtype == DType.INT32) {
            for (int k = 0; k < t.size; k++) {
                r[k] = t.i[t.offset + k];
            }
        } else {
            throw new IllegalArgumentException(t.describe() + " cannot be read as floats");
        }
        return r;
    }

    @Override
    public void close() {
        parallel.close();
    }
}
