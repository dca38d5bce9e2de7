package dev.edgetl.trainer.importers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.MobileNetV2;
import dev.edgetl.trainer.arch.Padding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a PyTorch-exported MobileNetV2 ONNX graph (opset 13; BN folded into Conv, or kept as BatchNormalization
 * nodes) into the DJL {@link MobileNetV2} with PyTorch padding. ONNX weights are already OIHW. Folded convs get an
 * identity BN ({@code gamma=1, beta=bias, mean=0, var=1-eps}), BatchNormalization nodes are copied as they are.
 */
public final class OnnxImporter {
    public static final float TORCH_BN_EPSILON = 1e-5f;
    private static final float[] WIDTHS = {1.0f, 0.75f, 0.5f, 0.35f, 1.3f, 1.4f};

    private OnnxImporter() {}

    private static final class Conv {
        final String name;
        final float[] weight;
        final long[] dims;
        final float[] bias;
        final int group;
        final int stride;
        final int pad;
        float[][] bn; // gamma, beta, mean, var
        float bnEps = TORCH_BN_EPSILON;

        Conv(String name, float[] weight, long[] dims, float[] bias, int group, int stride, int pad) {
            this.name = name;
            this.weight = weight;
            this.dims = dims;
            this.bias = bias;
            this.group = group;
            this.stride = stride;
            this.pad = pad;
        }
    }

    /** The weight-carrying layers of a graph, in node order. */
    private static final class Layers {
        final List<Conv> convs = new ArrayList<>();
        float[] fcW;
        float[] fcB;
        long[] fcDims;
    }

    private static Layers read(Path file) throws IOException {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        }
        OnnxMl.GraphProto g = model.getGraph();
        Map<String, OnnxMl.TensorProto> init = new HashMap<>();
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), t);
        }
        // The exporter deduplicates equal initializers behind Identity nodes (squeezenet biases).
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Identity") && init.containsKey(n.getInput(0))) {
                init.put(n.getOutput(0), init.get(n.getInput(0)));
            }
        }
        Layers layers = new Layers();
        List<Conv> convs = layers.convs;
        Map<String, Conv> byOutput = new HashMap<>();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            switch (n.getOpType()) {
                case "Conv": {
                    OnnxMl.TensorProto w = need(file, n, init, n.getInput(1));
                    float[] bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty()
                            ? floats(need(file, n, init, n.getInput(2))) : null;
                    long[] pads = ints(n, "pads", new long[] {0, 0, 0, 0});
                    long[] strides = ints(n, "strides", new long[] {1, 1});
                    if (pads[0] != pads[1] || pads[0] != pads[2] || pads[0] != pads[3] || strides[0] != strides[1]) {
                        throw new ImportException(file + ": Conv '" + n.getName() + "' has asymmetric pads "
                                + Arrays.toString(pads) + " or strides " + Arrays.toString(strides));
                    }
                    Conv c = new Conv(n.getName(), floats(w), dims(w), bias, (int) ints(n, "group", new long[] {1})[0],
                            (int) strides[0], (int) pads[0]);
                    convs.add(c);
                    byOutput.put(n.getOutput(0), c);
                    break;
                }
                case "BatchNormalization": {
                    Conv c = byOutput.get(n.getInput(0));
                    if (c == null) {
                        throw new ImportException(file + ": BatchNormalization '" + n.getName() + "' does not follow a Conv");
                    }
                    c.bn = new float[4][];
                    for (int i = 0; i < 4; i++) {
                        c.bn[i] = floats(need(file, n, init, n.getInput(i + 1)));
                    }
                    for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                        if (a.getName().equals("epsilon")) {
                            c.bnEps = a.getF();
                        }
                    }
                    break;
                }
                case "Gemm": {
                    OnnxMl.TensorProto w = need(file, n, init, n.getInput(1));
                    long transB = ints(n, "transB", new long[] {0})[0];
                    if (transB != 1) {
                        throw new ImportException(file + ": Gemm '" + n.getName() + "' without transB=1 is not supported");
                    }
                    layers.fcW = floats(w);
                    layers.fcDims = dims(w);
                    layers.fcB = floats(need(file, n, init, n.getInput(2)));
                    break;
                }
                default:
                    break; // Clip (ReLU6), Add, pooling, Flatten, Constant: implied by the architecture
            }
        }
        return layers;
    }

    /**
     * Loads any graph whose Conv (+ BatchNormalization) and Gemm layers come in the same order as the
     * {@link ConvBn}, {@code Conv2d} and {@code Linear} blocks of {@code net} (depth-first, children in order):
     * torchvision's SqueezeNet and ShuffleNetV2 built by {@link dev.edgetl.trainer.arch}. Shapes are checked
     * layer by layer; the block is initialised for {@code input}.
     */
    public static void importInto(Path file, ai.djl.nn.Block net, Shape input, NDManager manager) throws IOException {
        Layers layers = read(file);
        List<ai.djl.nn.Block> targets = new ArrayList<>();
        collect(net, targets);
        int ci = 0;
        boolean fcUsed = false;
        for (ai.djl.nn.Block b : targets) {
            if (b instanceof ConvBn) {
                Conv c = next(file, layers, ci++, b);
                ConvBn u = (ConvBn) b;
                if (c.stride != u.stride() || c.pad != (u.kernel() - 1) / 2 || c.group != u.groups()
                        || c.dims[0] != u.outChannels() || c.dims[1] != u.inChannels() / u.groups()) {
                    throw new ImportException(file + ": Conv '" + c.name + "' " + Arrays.toString(c.dims) + " stride "
                            + c.stride + " does not fit " + u);
                }
                setConvBn(u, c);
            } else if (b instanceof ai.djl.nn.convolutional.Conv2d) {
                Conv c = next(file, layers, ci++, b);
                if (c.bn != null) {
                    throw new ImportException(file + ": Conv '" + c.name + "' has BatchNormalization, " + b + " has none");
                }
                for (ai.djl.util.Pair<String, Parameter> p : b.getParameters()) {
                    set(p.getValue(), p.getKey().equals("weight") ? c.weight : (c.bias == null ? new float[(int) c.dims[0]] : c.bias));
                }
            } else {
                if (fcUsed || layers.fcW == null) {
                    throw new ImportException(file + ": no Gemm left for " + b);
                }
                fcUsed = true;
                for (ai.djl.util.Pair<String, Parameter> p : b.getParameters()) {
                    set(p.getValue(), p.getKey().equals("weight") ? layers.fcW : layers.fcB);
                }
            }
        }
        if (ci != layers.convs.size() || fcUsed != (layers.fcW != null)) {
            throw new ImportException(file + ": " + layers.convs.size() + " Conv layers" + (layers.fcW != null ? " + Gemm" : "")
                    + " but the architecture has " + ci + (fcUsed ? " + Linear" : ""));
        }
        net.initialize(manager, DataType.FLOAT32, input);
    }

    private static Conv next(Path file, Layers layers, int i, ai.djl.nn.Block b) {
        if (i >= layers.convs.size()) {
            throw new ImportException(file + ": has only " + layers.convs.size() + " Conv layers, the architecture needs more ("
                    + b + ")");
        }
        return layers.convs.get(i);
    }

    private static void collect(ai.djl.nn.Block b, List<ai.djl.nn.Block> out) {
        if (b instanceof ConvBn || b instanceof ai.djl.nn.convolutional.Conv2d || b instanceof ai.djl.nn.core.Linear) {
            out.add(b);
            return;
        }
        for (ai.djl.util.Pair<String, ai.djl.nn.Block> c : b.getChildren()) {
            collect(c.getValue(), out);
        }
    }

    private static void setConvBn(ConvBn u, Conv c) {
        int n = u.outChannels();
        set(u.weight(), c.weight);
        if (c.bn != null) {
            set(u.gamma(), c.bn[0]);
            set(u.beta(), c.bn[1]);
            set(u.runningMean(), c.bn[2]);
            set(u.runningVar(), c.bn[3]);
        } else {
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            float[] var = new float[n];
            Arrays.fill(var, 1f - u.epsilon());
            set(u.gamma(), ones);
            set(u.beta(), c.bias == null ? new float[n] : c.bias);
            set(u.runningMean(), new float[n]);
            set(u.runningVar(), var);
        }
    }

    public static MobileNetV2 importMobileNetV2(Path file, NDManager manager) throws IOException {
        Layers layers = read(file);
        List<Conv> convs = layers.convs;
        float[] fcW = layers.fcW;
        float[] fcB = layers.fcB;
        long[] fcDims = layers.fcDims;
        if (fcW == null || convs.isEmpty()) {
            throw new ImportException(file + ": no Conv/Gemm layers: not a MobileNetV2 classifier");
        }
        int classes = (int) fcDims[0];
        MobileNetV2 net = null;
        for (float width : WIDTHS) {
            float eps = convs.get(0).bn != null ? convs.get(0).bnEps : TORCH_BN_EPSILON;
            MobileNetV2 cand = new MobileNetV2(width, classes, Padding.TORCH, eps);
            if (matches(cand, convs, fcDims)) {
                net = cand;
                break;
            }
        }
        if (net == null) {
            throw new ImportException(file + ": " + convs.size() + " Conv layers + Gemm " + Arrays.toString(fcDims)
                    + " do not match MobileNetV2 at any width");
        }
        List<ConvBn> units = net.convs();
        for (int i = 0; i < units.size(); i++) {
            ConvBn u = units.get(i);
            Conv c = convs.get(i);
            if (c.stride != u.stride() || c.pad != (u.kernel() - 1) / 2) {
                throw new ImportException(file + ": Conv '" + c.name + "' stride " + c.stride + " pad " + c.pad
                        + " differs from " + u);
            }
            int n = u.outChannels();
            set(u.weight(), c.weight);
            if (c.bn != null) {
                if (c.bias != null) {
                    throw new ImportException(file + ": Conv '" + c.name + "' has both a bias and a BatchNormalization");
                }
                set(u.gamma(), c.bn[0]);
                set(u.beta(), c.bn[1]);
                set(u.runningMean(), c.bn[2]);
                set(u.runningVar(), c.bn[3]);
            } else {
                float[] ones = new float[n];
                Arrays.fill(ones, 1f);
                float[] var = new float[n];
                Arrays.fill(var, 1f - u.epsilon());
                set(u.gamma(), ones);
                set(u.beta(), c.bias == null ? new float[n] : c.bias);
                set(u.runningMean(), new float[n]);
                set(u.runningVar(), var);
            }
        }
        for (ai.djl.util.Pair<String, Parameter> p : net.classifier().getParameters()) {
            set(p.getValue(), p.getKey().equals("weight") ? fcW : fcB);
        }
        net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
        return net;
    }

    private static boolean matches(MobileNetV2 net, List<Conv> convs, long[] fcDims) {
        List<ConvBn> units = net.convs();
        if (units.size() != convs.size() || fcDims[1] != net.lastChannels()) {
            return false;
        }
        for (int i = 0; i < units.size(); i++) {
            ConvBn u = units.get(i);
            long[] d = convs.get(i).dims;
            if (d[0] != u.outChannels() || d[1] != u.inChannels() / u.groups() || d[2] != u.kernel()
                    || convs.get(i).group != u.groups()) {
                return false;
            }
        }
        return true;
    }

    private static void set(Parameter p, float[] values) {
        p.setInitializer((m, shape, dt) -> {
            if (shape.size() != values.length) {
                throw new ImportException("parameter " + p.getName() + " " + shape + " needs " + shape.size()
                        + " values, the ONNX file has " + values.length);
            }
            return m.create(values, shape);
        });
    }

    private static OnnxMl.TensorProto need(Path file, OnnxMl.NodeProto n, Map<String, OnnxMl.TensorProto> init, String name) {
        OnnxMl.TensorProto t = init.get(name);
        if (t == null) {
            throw new ImportException(file + ": " + n.getOpType() + " '" + n.getName() + "' input '" + name
                    + "' is not an initializer");
        }
        return t;
    }

    private static long[] ints(OnnxMl.NodeProto n, String attr, long[] dflt) {
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(attr)) {
                if (a.getIntsCount() > 0) {
                    return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                }
                return new long[] {a.getI()};
            }
        }
        return dflt;
    }

    private static long[] dims(OnnxMl.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    static float[] floats(OnnxMl.TensorProto t) {
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw new ImportException("initializer '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + ", expected FLOAT");
        }
        if (!t.getRawData().isEmpty()) {
            float[] f = new float[t.getRawData().size() / 4];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            return f;
        }
        float[] f = new float[t.getFloatDataCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.getFloatData(i);
        }
        return f;
    }
}
