package dev.edgetl.devices.estimate;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Per-operator MACs and bytes of a model, and the activation memory a lifetime-based arena needs.
 *
 * <p>Computed here from the model's shapes because edge-runtime's per-op summary (ModelSummary) was not merged when
 * this was written; the counting rules are TFLite's usual ones (one MAC per filter tap per output element).
 */
public final class ModelCost {
    private final String source;
    private final List<OpCost> ops;
    private final long weightBytes;
    private final long peakActivationBytes;
    private final long ioBytes;

    private ModelCost(String source, List<OpCost> ops, long weightBytes, long peakActivationBytes, long ioBytes) {
        this.source = source;
        this.ops = ops;
        this.weightBytes = weightBytes;
        this.peakActivationBytes = peakActivationBytes;
        this.ioBytes = ioBytes;
    }

    public static ModelCost of(TfliteModel model) {
        List<OpCost> ops = new ArrayList<>();
        for (OperatorSpec op : model.operators()) {
            ops.add(cost(model, op));
        }
        long io = 0;
        for (int i : model.inputs()) io += model.tensor(i).byteSize();
        for (int o : model.outputs()) io += model.tensor(o).byteSize();
        return new ModelCost(model.source(), Collections.unmodifiableList(ops), model.weightBytes(), peakActivations(model), io);
    }

    static OpCost cost(TfliteModel model, OperatorSpec op) {
        long bytes = 0;
        for (int t : op.inputs()) {
            if (t >= 0) bytes += model.tensor(t).byteSize();
        }
        for (int t : op.outputs()) {
            if (t >= 0) bytes += model.tensor(t).byteSize();
        }
        long macs = 0;
        boolean int8 = false;
        TensorSpec out = op.outputs().length > 0 && op.outputs()[0] >= 0 ? model.tensor(op.outputs()[0]) : null;
        TensorSpec weights = op.inputs().length > 1 && op.inputs()[1] >= 0 ? model.tensor(op.inputs()[1]) : null;
        if (out != null && weights != null) {
            int[] w = weights.shape();
            long outElems = out.numElements();
            switch (op.builtinCode()) {
                // filter [Cout, kh, kw, Cin]: every output element takes kh*kw*Cin products
                case BuiltinOperator.CONV_2D -> macs = w.length == 4 ? outElems * w[1] * w[2] * w[3] : 0;
                // filter [1, kh, kw, Cout]: one kh*kw window per output element
                case BuiltinOperator.DEPTHWISE_CONV_2D -> macs = w.length == 4 ? outElems * w[1] * w[2] : 0;
                // weights [units, inputs]
                case BuiltinOperator.FULLY_CONNECTED -> macs = w.length == 2 ? outElems * w[1] : 0;
                case BuiltinOperator.BATCH_MATMUL -> {
                    int[] lhs = model.tensor(op.inputs()[0]).shape();
                    macs = lhs.length >= 1 ? outElems * lhs[lhs.length - 1] : 0;
                }
                default -> macs = 0;
            }
            if (op.builtinCode() == BuiltinOperator.TRANSPOSE_CONV && op.inputs().length > 2) {
                // inputs: output_shape, filter [Cout, kh, kw, Cin], input
                TensorSpec filter = model.tensor(op.inputs()[1]);
                TensorSpec in = model.tensor(op.inputs()[2]);
                int[] f = filter.shape();
                macs = f.length == 4 ? (long) in.numElements() * f[0] * f[1] * f[2] : 0;
            }
            int data = op.builtinCode() == BuiltinOperator.TRANSPOSE_CONV ? 2 : 0;
            int8 = macs > 0 && op.inputs().length > data && isInt8(weights.dtype()) && isInt8(model.tensor(op.inputs()[data]).dtype());
        }
        return new OpCost(op.index(), op.opName(), macs, bytes, int8);
    }

    private static boolean isInt8(DType t) {
        return t == DType.INT8 || t == DType.UINT8;
    }

    /**
     * The largest sum of live activation tensors at any operator: a tensor lives from the op that writes it (or the
     * start, for model inputs) to the last op that reads it (or the end, for outputs). A perfect arena reaches this;
     * a greedy planner can need somewhat more.
     */
    static long peakActivations(TfliteModel model) {
        int nOps = model.operators().size();
        int nT = model.tensors().size();
        int[] first = new int[nT];
        int[] last = new int[nT];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(last, -1);
        for (int i : model.inputs()) {
            first[i] = 0;
            last[i] = Math.max(last[i], 0);
        }
        for (OperatorSpec op : model.operators()) {
            for (int t : op.outputs()) {
                if (t >= 0) {
                    first[t] = Math.min(first[t], op.index());
                    last[t] = Math.max(last[t], op.index());
                }
            }
            for (int t : op.inputs()) {
                if (t >= 0) {
                    first[t] = Math.min(first[t], op.index());
                    last[t] = Math.max(last[t], op.index());
                }
            }
        }
        for (int o : model.outputs()) {
            last[o] = Math.max(last[o], nOps - 1);
        }
        long peak = 0;
        for (int step = 0; step < Math.max(1, nOps); step++) {
            long live = 0;
            for (int t = 0; t < nT; t++) {
                TensorSpec spec = model.tensor(t);
                if (!spec.isConstant() && first[t] <= step && step <= last[t]) {
                    live += spec.byteSize();
                }
            }
            peak = Math.max(peak, live);
        }
        return peak;
    }

    public String source() {
        return source;
    }

    public List<OpCost> ops() {
        return ops;
    }

    public long totalMacs() {
        return ops.stream().mapToLong(OpCost::macs).sum();
    }

    public long int8Macs() {
        return ops.stream().filter(OpCost::int8).mapToLong(OpCost::macs).sum();
    }

    public long floatMacs() {
        return totalMacs() - int8Macs();
    }

    /** Bytes touched by operators that do no MACs (element-wise, pooling, reshapes): these run at memory speed. */
    public long memoryBoundBytes() {
        return ops.stream().filter(o -> o.macs() == 0).mapToLong(OpCost::bytes).sum();
    }

    public long weightBytes() {
        return weightBytes;
    }

    public long peakActivationBytes() {
        return peakActivationBytes;
    }

    public long ioBytes() {
        return ioBytes;
    }

    /** "int8" when most MACs are on int8 data, else "float". */
    public String dominantDtype() {
        return int8Macs() * 2 > totalMacs() ? "int8" : "float";
    }
}
