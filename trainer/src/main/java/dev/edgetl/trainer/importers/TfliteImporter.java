package dev.edgetl.trainer.importers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.ClassifierNet;
import dev.edgetl.trainer.arch.MobileNetV1;
import dev.edgetl.trainer.arch.MobileNetV2;
import dev.edgetl.trainer.arch.Padding;
import dev.edgetl.trainer.data.Normalization;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;

/**
 * Loads a TFLite MobileNetV2 classifier (float or quantised: weights are dequantised) into the DJL
 * {@link MobileNetV2}.
 *
 * <p>Layouts: TFLite conv filters are OHWI and depthwise filters {@code [1,H,W,C]}; DJL wants OIHW and
 * {@code [C,1,H,W]}. BatchNorm: Google's converter folded it into conv weights + bias, so the imported network
 * keeps its BN layers set to the identity plus that bias ({@code gamma=1, beta=bias, mean=0, var=1-eps}). This
 * reproduces the source exactly at inference, keeps one architecture for import, fine-tuning and export, and lets
 * fine-tuning train BN again. Padding is TF "SAME" (checked on every conv), so the network uses
 * {@link Padding#TF_SAME}.
 */
public final class TfliteImporter {
    /** TensorFlow's BatchNorm epsilon; only used for the identity BN (variance = 1 - eps). */
    public static final float BN_EPSILON = 1e-3f;
    private static final float[] WIDTHS = {1.0f, 0.75f, 0.5f, 0.35f, 1.3f, 1.4f};
    private static final float[] V1_WIDTHS = {1.0f, 0.75f, 0.5f, 0.25f};

    private TfliteImporter() {}

    /** The result: an initialized network plus what the source says about its input. */
    public static final class Imported {
        public final ClassifierNet net;
        public final int inputSize;
        public final Normalization normalization;
        public final String source;

        Imported(ClassifierNet net, int inputSize, Normalization normalization, String source) {
            this.net = net;
            this.inputSize = inputSize;
            this.normalization = normalization;
            this.source = source;
        }
    }

    /** One conv-like layer read from the file, already in DJL layout. */
    static final class Layer {
        final OperatorSpec op;
        final int[] shape; // DJL shape
        final float[] weight;
        final float[] bias;
        final int stride;
        final boolean relu6;
        final boolean depthwise;

        Layer(OperatorSpec op, int[] shape, float[] weight, float[] bias, int stride, boolean relu6, boolean depthwise) {
            this.op = op;
            this.shape = shape;
            this.weight = weight;
            this.bias = bias;
            this.stride = stride;
            this.relu6 = relu6;
            this.depthwise = depthwise;
        }
    }

    public static Imported importMobileNetV2(Path file, NDManager manager) throws IOException {
        return importMobileNetV2(ModelReader.read(file), manager);
    }

    /** A MobileNetV2 only: anything else is refused. */
    public static Imported importMobileNetV2(TfliteModel model, NDManager manager) {
        return importNet(model, manager, false);
    }

    /** A MobileNetV2 or MobileNetV1 classifier (the architecture and width are inferred from the conv layers). */
    public static Imported importTflite(Path file, NDManager manager) throws IOException {
        return importTflite(ModelReader.read(file), manager);
    }

    public static Imported importTflite(TfliteModel model, NDManager manager) {
        return importNet(model, manager, true);
    }

    private static Imported importNet(TfliteModel model, NDManager manager, boolean allowV1) {
        String src = model.source();
        TensorSpec input = model.input(0);
        int[] is = input.shape();
        if (is.length != 4 || is[3] != 3 || is[1] != is[2]) {
            throw new ImportException(src + ": expected a square NHWC RGB input, got " + input.describe());
        }
        Normalization norm;
        if (input.dtype() == DType.FLOAT32) {
            norm = Normalization.tensorflow();
        } else if (input.quantization().isPresent()) {
            norm = Normalization.fromQuantization(input.quantization().scale(), input.quantization().zeroPoint());
        } else {
            throw new ImportException(src + ": input " + input.describe() + " is neither float32 nor quantised");
        }
        List<Layer> layers = readLayers(model);
        if (layers.size() < 2) {
            throw new ImportException(src + ": only " + layers.size() + " conv layers: not a MobileNet");
        }
        Layer cls = layers.remove(layers.size() - 1);
        int numClasses = cls.shape[0];
        ClassifierNet net = null;
        List<ClassifierNet> candidates = new ArrayList<>();
        for (float w : WIDTHS) {
            candidates.add(new MobileNetV2(w, numClasses, Padding.TF_SAME, BN_EPSILON));
        }
        if (allowV1) {
            for (float w : V1_WIDTHS) {
                candidates.add(new MobileNetV1(w, numClasses, Padding.TF_SAME, BN_EPSILON));
            }
        }
        for (ClassifierNet candidate : candidates) {
            if (matches(candidate, layers, cls)) {
                net = candidate;
                break;
            }
        }
        if (net == null) {
            throw new ImportException(src + ": the conv layers (" + layers.size() + " + classifier) do not match"
                    + " MobileNetV2 at any width in {1.0, 0.75, 0.5, 0.35, 1.3, 1.4}"
                    + (allowV1 ? " or MobileNetV1 at any width in {1.0, 0.75, 0.5, 0.25}" : "")
                    + "; first layer " + layers.get(0).op.describe());
        }
        List<ConvBn> convs = net.convs();
        for (int i = 0; i < convs.size(); i++) {
            ConvBn c = convs.get(i);
            Layer l = layers.get(i);
            int n = c.outChannels();
            float[] var = new float[n];
            java.util.Arrays.fill(var, 1f - c.epsilon());
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            set(c.weight(), l.weight);
            set(c.gamma(), ones);
            set(c.beta(), l.bias);
            set(c.runningMean(), new float[n]);
            set(c.runningVar(), var);
        }
        int inFeatures = cls.shape[1];
        for (ai.djl.util.Pair<String, Parameter> p : net.classifier().getParameters()) {
            set(p.getValue(), p.getKey().equals("weight") ? cls.weight : cls.bias);
        }
        net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, is[1], is[2]));
        if (net.lastChannels() != inFeatures) {
            throw new ImportException(src + ": classifier takes " + inFeatures + " features, network gives " + net.lastChannels());
        }
        return new Imported(net, is[1], norm, src);
    }

    private static void set(Parameter p, float[] values) {
        p.setInitializer((m, shape, dt) -> {
            if (shape.size() != values.length) {
                throw new ImportException("parameter " + p.getName() + " " + shape + " needs " + shape.size()
                        + " values, the file has " + values.length);
            }
            return m.create(values, shape);
        });
    }

    private static boolean matches(ClassifierNet net, List<Layer> layers, Layer cls) {
        List<ConvBn> convs = net.convs();
        if (convs.size() != layers.size() || cls.shape[1] != net.lastChannels()) {
            return false;
        }
        for (int i = 0; i < convs.size(); i++) {
            ConvBn c = convs.get(i);
            Layer l = layers.get(i);
            if (l.shape[0] != c.outChannels() || l.shape[1] != c.inChannels() / c.groups() || l.shape[2] != c.kernel()
                    || l.depthwise != c.isDepthwise()) {
                return false;
            }
            if (l.stride != c.stride() || l.relu6 != c.relu6()) {
                throw new ImportException(l.op.describe() + ": stride " + l.stride + " / relu6 " + l.relu6
                        + " differ from " + net.architecture() + "'s " + c + " at conv " + i);
            }
        }
        return true;
    }

    static List<Layer> readLayers(TfliteModel model) {
        List<Layer> out = new ArrayList<>();
        for (OperatorSpec op : model.operators()) {
            int code = op.builtinCode();
            if (code == BuiltinOperator.CONV_2D) {
                Conv2DOptions o = (Conv2DOptions) op.options().builtinOptions(new Conv2DOptions());
                checkConv(model, op, o.padding(), o.strideW(), o.strideH(), o.dilationWFactor(), o.dilationHFactor());
                TensorSpec f = model.tensor(op.input(1));
                int[] s = f.shape(); // O,H,W,I
                float[] ohwi = constantFloats(model, op.input(1), op);
                float[] oihw = new float[ohwi.length];
                int o0 = s[0], h = s[1], w = s[2], ci = s[3];
                for (int a = 0; a < o0; a++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            for (int c = 0; c < ci; c++) {
                                oihw[((a * ci + c) * h + y) * w + x] = ohwi[((a * h + y) * w + x) * ci + c];
                            }
                        }
                    }
                }
                out.add(new Layer(op, new int[] {o0, ci, h, w}, oihw, bias(model, op, o0), o.strideH(),
                        activation(model, op, o.fusedActivationFunction()), false));
            } else if (code == BuiltinOperator.DEPTHWISE_CONV_2D) {
                DepthwiseConv2DOptions o = (DepthwiseConv2DOptions) op.options().builtinOptions(new DepthwiseConv2DOptions());
                checkConv(model, op, o.padding(), o.strideW(), o.strideH(), o.dilationWFactor(), o.dilationHFactor());
                TensorSpec f = model.tensor(op.input(1));
                int[] s = f.shape(); // 1,H,W,C
                int inC = model.tensor(op.input(0)).shape()[3];
                if (s[0] != 1 || s[3] != inC) {
                    throw new ImportException(op.describe() + ": depth multiplier != 1 (" + f.describe() + ") is not supported");
                }
                float[] hwc = constantFloats(model, op.input(1), op);
                int h = s[1], w = s[2], c0 = s[3];
                float[] c1hw = new float[hwc.length];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < c0; c++) {
                            c1hw[(c * h + y) * w + x] = hwc[(y * w + x) * c0 + c];
                        }
                    }
                }
                out.add(new Layer(op, new int[] {c0, 1, h, w}, c1hw, bias(model, op, c0), o.strideH(),
                        activation(model, op, o.fusedActivationFunction()), true));
            } else if (code == BuiltinOperator.FULLY_CONNECTED) {
                TensorSpec f = model.tensor(op.input(1));
                int[] s = f.shape(); // out, in (same as DJL Linear)
                out.add(new Layer(op, new int[] {s[0], s[1], 1, 1}, constantFloats(model, op.input(1), op),
                        bias(model, op, s[0]), 1, false, false));
            }
        }
        Layer last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && (last.shape[2] != 1 || last.shape[3] != 1 || last.relu6)) {
            throw new ImportException(model.source() + ": " + last.op.describe() + ": the last layer is not a linear 1x1"
                    + " classifier (a feature extractor without its classification layer?)");
        }
        return out;
    }

    private static boolean activation(TfliteModel model, OperatorSpec op, byte act) {
        if (act == ActivationFunctionType.RELU6) {
            return true;
        }
        if (act == ActivationFunctionType.NONE) {
            return impliedRelu6(model.tensor(op.outputs()[0]));
        }
        throw new ImportException(op.describe() + ": fused activation " + ActivationFunctionType.names[act]
                + " is not part of a MobileNet");
    }

    /**
     * TOCO drops a fused ReLU6 from quantised convs when the output's quantisation range already clamps to it:
     * an 8-bit output whose real range starts at 0 and ends at about 6 is a ReLU6 (MobileNetV1 quant files).
     */
    static boolean impliedRelu6(TensorSpec out) {
        Quantization q = out.quantization();
        if ((out.dtype() != DType.UINT8 && out.dtype() != DType.INT8) || !q.isPresent() || q.isPerChannel()) {
            return false;
        }
        int qmin = out.dtype() == DType.UINT8 ? 0 : -128;
        double lo = q.scale() * (qmin - q.zeroPoint());
        double hi = q.scale() * (qmin + 255 - q.zeroPoint());
        return Math.abs(lo) < 1e-6 && Math.abs(hi - 6.0) <= 2 * q.scale();
    }

    private static void checkConv(TfliteModel model, OperatorSpec op, byte padding, int sw, int sh, int dw, int dh) {
        TensorSpec f = model.tensor(op.input(1));
        boolean pointwise = f.shape()[1] == 1 && f.shape()[2] == 1;
        if (padding != org.tensorflow.lite.schema.Padding.SAME && !pointwise) {
            throw new ImportException(op.describe() + ": padding " + org.tensorflow.lite.schema.Padding.names[padding]
                    + " (MobileNets from TensorFlow use SAME)");
        }
        if (sw != sh || dw > 1 || dh > 1) {
            throw new ImportException(op.describe() + ": unequal strides or dilation are not supported");
        }
    }

    private static float[] bias(TfliteModel model, OperatorSpec op, int n) {
        if (op.inputs().length < 3 || op.input(2) < 0) {
            return new float[n];
        }
        float[] b = constantFloats(model, op.input(2), op);
        if (b.length != n) {
            throw new ImportException(op.describe() + ": bias has " + b.length + " values, expected " + n);
        }
        return b;
    }

    /** A constant tensor as floats: float32 as is, uint8/int8/int32 dequantised, or the input of a DEQUANTIZE op. */
    static float[] constantFloats(TfliteModel model, int index, OperatorSpec user) {
        TensorSpec t = model.tensor(index);
        if (!t.isConstant()) {
            for (OperatorSpec p : model.operators()) {
                if (p.builtinCode() == BuiltinOperator.DEQUANTIZE && p.outputs()[0] == index) {
                    return constantFloats(model, p.input(0), p);
                }
            }
            throw new ImportException(user.describe() + ": " + t.describe() + " is not a constant");
        }
        ByteBuffer b = t.dataView();
        int n = t.numElements();
        float[] out = new float[n];
        Quantization q = t.quantization();
        switch (t.dtype()) {
            case FLOAT32:
                b.asFloatBuffer().get(out);
                return out;
            case FLOAT16:
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
                return out;
            case UINT8:
            case INT8:
            case INT32:
                if (!q.isPresent()) {
                    throw new ImportException(user.describe() + ": " + t.describe() + " is integer but has no quantisation");
                }
                int channels = q.scales().length;
                int dim = q.quantizedDimension();
                int inner = 1;
                for (int d = dim + 1; d < t.shape().length; d++) {
                    inner *= t.shape()[d];
                }
                for (int i = 0; i < n; i++) {
                    int ch = channels == 1 ? 0 : (i / inner) % channels;
                    int v;
                    if (t.dtype() == DType.UINT8) {
                        v = b.get(i) & 0xFF;
                    } else if (t.dtype() == DType.INT8) {
                        v = b.get(i);
                    } else {
                        v = b.getInt(4 * i);
                    }
                    out[i] = (float) (q.scales()[ch] * (double) (v - q.zeroPoints()[ch]));
                }
                return out;
            default:
                throw new ImportException(user.describe() + ": weights of type " + t.dtype() + " are not supported");
        }
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
