package dev.edgetl.compressor.quantize;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.TfliteModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Full-integer quantization following the TFLite 8-bit spec: int8 symmetric weights (per channel by default:
 * conv and fully-connected along dim 0, depthwise along dim 3), int8 asymmetric per-tensor activations from
 * calibrated ranges, int32 bias with scale input_scale * weight_scale[c].
 *
 * <p>Operators without an int8 kernel in TFLite, and those the caller keeps in float, run in float: the
 * tensors crossing the boundary get QUANTIZE/DEQUANTIZE ops. Ops whose int8 kernels fix the output scale
 * (SOFTMAX, LOGISTIC, TANH) or require the input's scale (pooling, reshapes, PAD, CONCATENATION) get it.
 */
public final class Int8Quantizer {
    private Int8Quantizer() {}

    /** Ops the compressor quantizes; everything else stays float. */
    static final Set<Integer> SUPPORTED = Set.of(BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D,
            BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
            BuiltinOperator.RESHAPE, BuiltinOperator.SQUEEZE, BuiltinOperator.SOFTMAX, BuiltinOperator.LOGISTIC,
            BuiltinOperator.TANH, BuiltinOperator.ADD, BuiltinOperator.MUL, BuiltinOperator.CONCATENATION,
            BuiltinOperator.PAD, BuiltinOperator.MEAN, BuiltinOperator.RELU, BuiltinOperator.RELU6,
            BuiltinOperator.HARD_SWISH);

    /** int8 kernels that require the output to carry the input's scale and zero point. */
    private static final Set<Integer> SAME_SCALE = Set.of(BuiltinOperator.AVERAGE_POOL_2D,
            BuiltinOperator.MAX_POOL_2D, BuiltinOperator.RESHAPE, BuiltinOperator.SQUEEZE, BuiltinOperator.PAD);

    /** Ops with one float input operand we may quantize even if constant (not weights). */
    public static boolean isSupported(int builtin) {
        return SUPPORTED.contains(builtin);
    }

    public static byte[] quantize(TfliteModel model, Map<Integer, TensorRange> ranges, Int8Options options) {
        return quantize(model, ranges, null, options);
    }

    /**
     * As {@link #quantize(TfliteModel, Map, Int8Options)} with bias correction ({@link BiasCorrection}):
     * {@code channelMeans} are the calibration means of the layers' inputs ({@code Calibrator.means}); null or
     * empty: no correction.
     */
    public static byte[] quantize(TfliteModel model, Map<Integer, TensorRange> ranges,
            Map<Integer, double[]> channelMeans, Int8Options options) {
        FloatModelCheck.requireFloat(model);
        return new Run(model, ranges, channelMeans, options).apply();
    }

    /** Indices of the operators {@link #quantize} would turn into int8 (before keep-float choices). */
    public static List<Integer> quantizableOps(TfliteModel model, Map<Integer, TensorRange> ranges) {
        Run r = new Run(model, ranges, null, Int8Options.defaults());
        List<Integer> ops = new ArrayList<>();
        for (int k = 0; k < r.g.ops.size(); k++) {
            if (r.quantizable(k)) {
                ops.add(k);
            }
        }
        return ops;
    }

    private static final class Run {
        final TfliteModel source;
        final GraphEditor g;
        final Map<Integer, TensorRange> ranges;
        final Int8Options options;
        final Map<Integer, double[]> means;
        /** Quantization (scale, zero point) of every activation tensor of the float graph. */
        final Map<Integer, float[]> params = new HashMap<>();
        /** The stored type of each activation tensor after the rewrite. */
        final Map<Integer, DType> stored = new HashMap<>();
        /** Converted copies: key = tensor * 4 + target type ordinal. */
        final Map<Long, Integer> converted = new HashMap<>();

        Run(TfliteModel source, Map<Integer, TensorRange> ranges, Map<Integer, double[]> means, Int8Options options) {
            this.source = source;
            this.means = means == null ? Map.of() : means;
            this.g = new GraphEditor(source);
            this.ranges = ranges;
            this.options = options;
        }

        boolean quantizable(int opIndex) {
            if (options.keepFloat().contains(opIndex)) {
                return false;
            }
            OperatorT op = g.ops.get(opIndex);
            int code = g.builtinCode(op);
            if (!SUPPORTED.contains(code)) {
                return false;
            }
            int[] in = op.getInputs();
            for (int k = 0; k < in.length; k++) {
                int t = in[k];
                if (t < 0) {
                    continue;
                }
                DType type = g.dtype(t);
                if (g.isConstant(t)) {
                    if (type != DType.FLOAT32 && type != DType.INT32) {
                        return false;
                    }
                } else if (type != DType.FLOAT32 || !ranges.containsKey(t)) {
                    return false;
                }
            }
            for (int t : op.getOutputs()) {
                if (g.dtype(t) != DType.FLOAT32 || !ranges.containsKey(t)) {
                    return false;
                }
            }
            if (DynamicRangeQuantizer.weightChannelDim(code) >= 0
                    && (in.length < 2 || !g.isConstant(in[1]) || g.dtype(in[1]) != DType.FLOAT32)) {
                return false; // weights computed at run time: leave the op float
            }
            return true;
        }

        byte[] apply() {
            int nOps = g.ops.size();
            boolean[] quant = new boolean[nOps];
            for (int k = 0; k < nOps; k++) {
                quant[k] = quantizable(k);
            }
            for (int t : g.inputs) {
                if (ranges.get(t) == null && options.io() != Int8Options.IoType.FLOAT32) {
                    throw new QuantizationException(source.source() + ": no calibration range for input tensor "
                            + t + " '" + g.tensor(t).getName() + "'");
                }
            }
            // 1. Parameters from calibrated ranges, then the constraints of the int8 kernels, in execution order.
            for (Map.Entry<Integer, TensorRange> e : ranges.entrySet()) {
                params.put(e.getKey(), e.getValue().int8Params());
            }
            for (int k = 0; k < nOps; k++) {
                if (!quant[k]) {
                    continue;
                }
                OperatorT op = g.ops.get(k);
                int code = g.builtinCode(op);
                int out = op.getOutputs()[0];
                if (code == BuiltinOperator.SOFTMAX || code == BuiltinOperator.LOGISTIC) {
                    params.put(out, new float[] {1f / 256f, -128});
                } else if (code == BuiltinOperator.TANH) {
                    params.put(out, new float[] {1f / 128f, 0});
                } else if (SAME_SCALE.contains(code)) {
                    params.put(out, params.get(op.getInputs()[0]).clone());
                }
            }
            // 2. Stored types: int8 where an int8 op produces the tensor; graph inputs follow the I/O option.
            for (int t : g.inputs) {
                stored.put(t, switch (options.io()) {
                    case FLOAT32 -> DType.FLOAT32;
                    case INT8 -> DType.INT8;
                    case UINT8 -> DType.UINT8;
                });
            }
            for (int k = 0; k < nOps; k++) {
                for (int t : g.ops.get(k).getOutputs()) {
                    stored.put(t, quant[k] ? DType.INT8 : DType.FLOAT32);
                }
            }
            for (int t : g.inputs) {
                setStoredQuantization(t);
            }
            // 3. Rewrite: conversions before each consumer that needs another type, int8 weights and bias.
            List<OperatorT> result = new ArrayList<>();
            List<OperatorT> original = new ArrayList<>(g.ops);
            for (int k = 0; k < nOps; k++) {
                OperatorT op = original.get(k);
                int[] in = op.getInputs().clone();
                int code = g.builtinCode(op);
                if (quant[k]) {
                    quantizeOp(op, code, in, result);
                } else {
                    for (int j = 0; j < in.length; j++) {
                        if (in[j] >= 0 && !g.isConstant(in[j])) {
                            in[j] = convert(in[j], DType.FLOAT32, result);
                        }
                    }
                    op.setInputs(in);
                }
                result.add(op);
                for (int t : op.getOutputs()) {
                    setStoredQuantization(t);
                }
            }
            // 4. Graph outputs in the requested type; the converted tensor takes over the original name.
            DType outType = switch (options.io()) {
                case FLOAT32 -> DType.FLOAT32;
                case INT8 -> DType.INT8;
                case UINT8 -> DType.UINT8;
            };
            for (int o = 0; o < g.outputs.length; o++) {
                int t = g.outputs[o];
                int c = convert(t, outType, result);
                if (c != t) {
                    String name = g.tensor(t).getName();
                    g.tensor(t).setName(name + "_" + stored.get(t).name().toLowerCase());
                    g.tensor(c).setName(name);
                    g.replaceGraphOutput(t, c);
                }
            }
            g.ops.clear();
            g.ops.addAll(result);
            return g.toBytes();
        }

        private void quantizeOp(OperatorT op, int code, int[] in, List<OperatorT> result) {
            int channelDim = DynamicRangeQuantizer.weightChannelDim(code);
            for (int j = 0; j < in.length; j++) {
                int t = in[j];
                if (t < 0) {
                    continue;
                }
                if (channelDim >= 0 && j == 1) {
                    continue; // weights and bias below
                }
                if (channelDim >= 0 && j == 2) {
                    continue;
                }
                if (g.isConstant(t)) {
                    if (g.dtype(t) == DType.FLOAT32) {
                        in[j] = quantizeConstant(t);
                    }
                } else {
                    in[j] = convert(t, DType.INT8, result);
                }
            }
            if (code == BuiltinOperator.CONCATENATION) {
                // TFLite's int8 concatenation copies bytes: every input must carry the output's parameters.
                float[] outP = params.get(op.getOutputs()[0]);
                for (int j = 0; j < in.length; j++) {
                    float[] p = paramsOfConverted(in[j]);
                    if (p != null && (p[0] != outP[0] || p[1] != outP[1])) {
                        int r = g.addActivation(in[j], "_requantized", DType.INT8,
                                GraphEditor.perTensor(outP[0], (long) outP[1]));
                        result.add(g.newOp(BuiltinOperator.QUANTIZE, 1, new int[] {in[j]}, new int[] {r},
                                BuiltinOptions.NONE, null));
                        in[j] = r;
                    }
                }
            }
            if (channelDim >= 0) {
                int w = in[1];
                TensorT wt = g.tensor(w);
                boolean perChannel = options.perChannel();
                float[] wf = g.floats(w);
                WeightQuantizer.Result q = WeightQuantizer.quantize(wf, wt.getShape(), channelDim, perChannel);
                if (in.length > 2 && in[2] >= 0 && g.isConstant(in[2]) && g.dtype(in[2]) == DType.FLOAT32) {
                    q = WeightQuantizer.fitBias(wf, wt.getShape(), channelDim, q, g.floats(in[2]),
                            params.get(op.getInputs()[0])[0]);
                }
                in[1] = g.addTensor(wt.getName(), DType.INT8, wt.getShape(),
                        perChannel ? GraphEditor.perChannel(q.scales, channelDim) : GraphEditor.perTensor(q.scales[0], 0),
                        q.values);
                if (in.length > 2 && in[2] >= 0) {
                    int b = in[2];
                    TensorT bt = g.tensor(b);
                    if (!g.isConstant(b) || g.dtype(b) != DType.FLOAT32) {
                        throw new QuantizationException(source.source() + ": bias " + bt.getName()
                                + " of operator " + g.ops.indexOf(op) + " is not a float constant");
                    }
                    float inScale = params.get(op.getInputs()[0])[0];
                    float[] bias = BiasCorrection.correct(code, wt.getShape(), wf,
                            BiasCorrection.dequantize(q, wt.getShape(), channelDim), g.floats(b),
                            means.get(op.getInputs()[0]));
                    float[] biasScales = new float[bias.length];
                    int[] qb = WeightQuantizer.quantizeBias(bias, inScale, q.scales, biasScales);
                    ByteBuffer bb = ByteBuffer.allocate(qb.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bb.asIntBuffer().put(qb);
                    QuantizationParametersT bq = perChannel ? GraphEditor.perChannel(biasScales, 0)
                            : GraphEditor.perTensor(biasScales[0], 0);
                    in[2] = g.addTensor(bt.getName(), DType.INT32, bt.getShape(), bq, bb.array());
                }
            }
            op.setInputs(in);
            g.setVersion(op, OpVersions.int8(code, g.version(op)));
        }

        private float[] paramsOfConverted(int t) {
            QuantizationParametersT q = g.tensor(t).getQuantization();
            if (q == null || q.getScale() == null || q.getScale().length != 1) {
                return null;
            }
            return new float[] {q.getScale()[0], q.getZeroPoint()[0]};
        }

        /** A float constant operand of an int8 op (not weights): int8 asymmetric per tensor over its values. */
        private int quantizeConstant(int t) {
            float[] v = g.floats(t);
            float lo = 0;
            float hi = 0;
            for (float x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            float[] p = new TensorRange(lo, hi).int8Params();
            byte[] q = new byte[v.length];
            for (int k = 0; k < v.length; k++) {
                double r = WeightQuantizer.round(v[k] / (double) p[0]) + p[1];
                q[k] = (byte) Math.max(-128, Math.min(127, r));
            }
            TensorT tt = g.tensor(t);
            return g.addTensor(tt.getName(), DType.INT8, tt.getShape(), GraphEditor.perTensor(p[0], (long) p[1]), q);
        }

        /** Sets the stored type and quantization of an activation tensor of the float graph, in place. */
        private void setStoredQuantization(int t) {
            DType type = stored.get(t);
            TensorT tt = g.tensor(t);
            tt.setType(type.code());
            if (type == DType.FLOAT32) {
                tt.setQuantization(null);
                return;
            }
            float[] p = requireParams(t);
            long zp = (long) p[1] + (type == DType.UINT8 ? 128 : 0);
            tt.setQuantization(GraphEditor.perTensor(p[0], zp));
        }

        private float[] requireParams(int t) {
            float[] p = params.get(t);
            if (p == null) {
                throw new QuantizationException(source.source() + ": no calibration range for tensor " + t + " '"
                        + g.tensor(t).getName() + "'");
            }
            return p;
        }

        /** Tensor {@code t} in type {@code target}: itself, or a converted copy made once, before first use. */
        private int convert(int t, DType target, List<OperatorT> result) {
            DType have = stored.get(t);
            if (have == null || have == target) {
                return t;
            }
            long key = (long) t * 4 + target.ordinal();
            Integer c = converted.get(key);
            if (c != null) {
                return c;
            }
            int copy;
            if (target == DType.FLOAT32) {
                copy = g.addActivation(t, "_dequantized", DType.FLOAT32, null);
                result.add(g.newOp(BuiltinOperator.DEQUANTIZE, OpVersions.dequantize(have), new int[] {t},
                        new int[] {copy}, BuiltinOptions.NONE, null));
            } else {
                float[] p = requireParams(t);
                long zp = (long) p[1] + (target == DType.UINT8 ? 128 : 0);
                copy = g.addActivation(t, "_" + target.name().toLowerCase(), target, GraphEditor.perTensor(p[0], zp));
                result.add(g.newOp(BuiltinOperator.QUANTIZE, 1, new int[] {t}, new int[] {copy}, BuiltinOptions.NONE,
                        null));
            }
            converted.put(key, copy);
            return copy;
        }
    }
}
