package dev.edgetl.runtime.inspect;

import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * What {@code inspect} reports about a model: its interface, op histogram, parameters, MACs, weight and arena
 * bytes, and the per-op costs ({@link OpCost}) a latency estimator needs. MAC counting rules are on {@link OpCost}.
 *
 * <p>The arena size is the interpreter's own plan, so it is only known when every op is supported; otherwise
 * {@link #arenaBytes()} is -1 and {@link #arenaNote()} says why.
 */
public final class ModelSummary {
    private final TfliteModel model;
    private final ModelMetadata metadata;
    private final String metadataError;
    private final List<OpCost> ops;
    private final Map<String, Integer> histogram;
    private final long arenaBytes;
    private final String arenaNote;

    private ModelSummary(TfliteModel model, ModelMetadata metadata, String metadataError, List<OpCost> ops, Map<String, Integer> histogram, long arenaBytes, String arenaNote) {
        this.model = model;
        this.metadata = metadata;
        this.metadataError = metadataError;
        this.ops = ops;
        this.histogram = histogram;
        this.arenaBytes = arenaBytes;
        this.arenaNote = arenaNote;
    }

    /** The summary with the arena planned by an interpreter created with {@code options} (when all ops are supported). */
    public static ModelSummary of(TfliteModel model, InterpreterOptions options) {
        List<OpCost> costs = new ArrayList<>();
        Map<String, Integer> histogram = new TreeMap<>();
        for (OperatorSpec op : model.operators()) {
            costs.add(cost(model, op));
            Integer n = histogram.get(op.opName());
            histogram.put(op.opName(), n == null ? 1 : n + 1);
        }
        long arena = -1;
        String note;
        try {
            options.resolver().checkSupported(model);
            try (Interpreter interpreter = Interpreter.create(model, options)) {
                arena = interpreter.arenaBytes();
                note = "planned by the interpreter";
            }
        } catch (RuntimeException e) {
            note = "not planned (no interpreter): " + e.getMessage();
        }
        ModelMetadata metadata = ModelMetadata.none();
        String metadataError = null;
        try {
            metadata = ModelMetadata.of(model);
        } catch (ModelFormatException e) {
            // inspect still shows the model; run refuses it with this message.
            metadataError = e.getMessage();
        }
        return new ModelSummary(model, metadata, metadataError, Collections.unmodifiableList(costs),
                Collections.unmodifiableMap(histogram), arena, note);
    }

    /** The static cost of one operator (see {@link OpCost} for the rules). */
    public static OpCost cost(TfliteModel model, OperatorSpec op) {
        long weightBytes = 0;
        long activationBytes = 0;
        for (int in : op.inputs()) {
            if (in < 0) {
                continue;
            }
            TensorSpec t = model.tensor(in);
            if (t.isConstant()) {
                weightBytes += t.byteSize();
            } else {
                activationBytes += t.byteSize();
            }
        }
        for (int out : op.outputs()) {
            activationBytes += model.tensor(out).byteSize();
        }
        TensorSpec out = op.outputs().length > 0 ? model.tensor(op.outputs()[0]) : null;
        long outElements = out == null ? 0 : out.numElements();
        long macs = 0;
        int code = op.builtinCode();
        TensorSpec weights = op.inputs().length > 1 && op.inputs()[1] >= 0 ? model.tensor(op.inputs()[1]) : null;
        if (code == BuiltinOperator.CONV_2D && weights != null && weights.rank() == 4) {
            // OHWI filter: every output element sums kh * kw * in_ch products.
            macs = outElements * weights.dim(1) * weights.dim(2) * weights.dim(3);
        } else if (code == BuiltinOperator.DEPTHWISE_CONV_2D && weights != null && weights.rank() == 4) {
            macs = outElements * weights.dim(1) * weights.dim(2);
        } else if (code == BuiltinOperator.FULLY_CONNECTED && weights != null && weights.rank() == 2) {
            macs = outElements * weights.dim(1);
        }
        long elementOps = macs > 0 ? 0 : outElements;
        return new OpCost(op.index(), op.opName(), out == null ? "-" : out.dtype().name(),
                out == null ? new int[0] : out.shape(), macs, elementOps, weightBytes, activationBytes);
    }

    public TfliteModel model() {
        return model;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** Why the metadata could not be read, or null (then {@link #metadata()} is empty). */
    public String metadataError() {
        return metadataError;
    }

    public List<OpCost> ops() {
        return ops;
    }

    /** Operator counts by name, sorted by name. */
    public Map<String, Integer> opHistogram() {
        return histogram;
    }

    public long totalMacs() {
        long sum = 0;
        for (OpCost c : ops) {
            sum += c.macs();
        }
        return sum;
    }

    public long totalElementOps() {
        long sum = 0;
        for (OpCost c : ops) {
            sum += c.elementOps();
        }
        return sum;
    }

    public long parameterCount() {
        return model.parameterCount();
    }

    public long weightBytes() {
        return model.weightBytes();
    }

    public long fileBytes() {
        return model.fileBytes();
    }

    /** Activation arena bytes planned by the interpreter, or -1 when no interpreter could be created. */
    public long arenaBytes() {
        return arenaBytes;
    }

    public String arenaNote() {
        return arenaNote;
    }
}
