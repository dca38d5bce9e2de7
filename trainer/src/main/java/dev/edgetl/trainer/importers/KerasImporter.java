package dev.edgetl.trainer.importers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.MobileNetV1;
import dev.edgetl.trainer.arch.Padding;
import dev.edgetl.trainer.data.Normalization;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a Keras full-model HDF5 file ({@code model.save("x.h5")}: {@code model_config} JSON attribute +
 * {@code model_weights} groups) of {@code keras.applications.MobileNet} into the DJL {@link MobileNetV1}, with the
 * pure-Java HDF5 reader jhdf.
 *
 * <p>Keras layouts: conv kernels HWIO -> OIHW, depthwise kernels {@code [H,W,C,1]} -> {@code [C,1,H,W]}, the
 * {@code conv_preds} 1x1 conv {@code [1,1,in,classes]} (or a Dense {@code [in,classes]}) -> Linear {@code [classes,in]}.
 * BatchNorm is kept as it is (gamma, beta, moving mean/variance, the file's epsilon). Keras pads stride-2 3x3
 * convolutions with {@code ZeroPadding2D(((0,1),(0,1)))} + "valid", or uses "same": both are TF "SAME" on the even
 * inputs MobileNet sees at sizes that are multiples of 32, so the network uses {@link Padding#TF_SAME}.
 */
public final class KerasImporter {
    private static final float[] WIDTHS = {1.0f, 0.75f, 0.5f, 0.25f};

    private KerasImporter() {}

    /** A conv layer with the BatchNorm and ReLU6 that follow it. */
    private static final class ConvLayer {
        final JsonNode conv;
        final boolean depthwise;
        JsonNode bn;
        boolean relu6;
        boolean zeroPadded;

        ConvLayer(JsonNode conv, boolean depthwise) {
            this.conv = conv;
            this.depthwise = depthwise;
        }

        String name() {
            return conv.path("config").path("name").asText();
        }
    }

    public static TfliteImporter.Imported importMobileNetV1(Path file, NDManager manager) throws IOException {
        try (HdfFile h5 = new HdfFile(file)) {
            return read(file, h5, manager);
        } catch (HdfException e) {
            throw new ImportException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static TfliteImporter.Imported read(Path file, HdfFile h5, NDManager manager) throws IOException {
        Attribute cfgAttr = h5.getAttribute("model_config");
        if (cfgAttr == null || !(cfgAttr.getData() instanceof String)) {
            throw new ImportException(file + ": no model_config attribute: not a Keras full-model .h5 (weights-only"
                    + " files need the architecture and are not supported)");
        }
        JsonNode config = new ObjectMapper().readTree((String) cfgAttr.getData());
        JsonNode layers = config.path("config").path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ImportException(file + ": model_config has no layers");
        }
        int inputSize = 224;
        List<ConvLayer> convs = new ArrayList<>();
        JsonNode classifier = null;
        boolean pendingPad = false;
        float epsilon = Float.NaN;
        for (JsonNode layer : layers) {
            String cls = layer.path("class_name").asText();
            JsonNode c = layer.path("config");
            String name = c.path("name").asText();
            ConvLayer last = convs.isEmpty() ? null : convs.get(convs.size() - 1);
            switch (cls) {
                case "InputLayer": {
                    JsonNode shape = c.path("batch_input_shape");
                    if (shape.size() != 4 || shape.get(3).asInt() != 3
                            || (!shape.get(1).isNull() && shape.get(1).asInt() != shape.get(2).asInt())) {
                        throw new ImportException(file + ": input " + name + " " + shape + " is not a square NHWC RGB image");
                    }
                    if (!shape.get(1).isNull()) {
                        inputSize = shape.get(1).asInt();
                    }
                    break;
                }
                case "ZeroPadding2D":
                    if (!c.path("padding").toString().equals("[[0,1],[0,1]]")) {
                        throw new ImportException(file + ": layer " + name + " pads " + c.path("padding")
                                + "; MobileNet pads ((0,1),(0,1)) before stride-2 convolutions");
                    }
                    pendingPad = true;
                    break;
                case "Conv2D":
                case "DepthwiseConv2D": {
                    boolean dw = cls.equals("DepthwiseConv2D");
                    boolean pointwise = c.path("kernel_size").get(0).asInt() == 1;
                    if (!dw && c.path("use_bias").asBoolean() && pointwise && !convs.isEmpty()) {
                        classifier = layer; // conv_preds: the 1x1 classifier on the pooled features
                        break;
                    }
                    if (classifier != null) {
                        throw new ImportException(file + ": layer " + name + " after the classifier: not a MobileNetV1");
                    }
                    if (c.path("use_bias").asBoolean() || !c.path("activation").asText().equals("linear")) {
                        throw new ImportException(file + ": layer " + name + " has a bias or a fused activation;"
                                + " MobileNetV1 convs are followed by BatchNormalization and ReLU(6)");
                    }
                    String pad = c.path("padding").asText();
                    if (!(pad.equals("same") || (pad.equals("valid") && (pendingPad || pointwise)))) {
                        throw new ImportException(file + ": layer " + name + " padding " + pad + " is not TF SAME");
                    }
                    ConvLayer l = new ConvLayer(layer, dw);
                    l.zeroPadded = pendingPad;
                    pendingPad = false;
                    convs.add(l);
                    break;
                }
                case "BatchNormalization":
                    if (last == null || last.bn != null) {
                        throw new ImportException(file + ": BatchNormalization " + name + " does not follow a convolution");
                    }
                    last.bn = layer;
                    float eps = (float) c.path("epsilon").asDouble(1e-3);
                    if (!Float.isNaN(epsilon) && eps != epsilon) {
                        throw new ImportException(file + ": BatchNormalization " + name + " epsilon " + eps
                                + " differs from the other layers' " + epsilon);
                    }
                    epsilon = eps;
                    break;
                case "ReLU":
                    if (last == null || c.path("max_value").asDouble(Double.NaN) != 6.0) {
                        throw new ImportException(file + ": layer " + name + " is not a ReLU6 after a convolution");
                    }
                    last.relu6 = true;
                    break;
                case "Dense":
                    classifier = layer;
                    break;
                case "GlobalAveragePooling2D":
                case "Dropout":
                case "Reshape":
                case "Flatten":
                    break;
                case "Activation":
                    if (!c.path("activation").asText().equals("softmax")) {
                        throw new ImportException(file + ": activation layer " + name + " (" + c.path("activation")
                                + ") is not part of MobileNetV1");
                    }
                    break;
                default:
                    throw new ImportException(file + ": layer " + name + " of type " + cls + " is not part of MobileNetV1");
            }
        }
        if (classifier == null || convs.isEmpty()) {
            throw new ImportException(file + ": no " + (convs.isEmpty() ? "convolutions" : "classifier (conv_preds or Dense)"));
        }
        String first = convs.get(0).name();
        int stem = convs.get(0).conv.path("config").path("filters").asInt();
        float width = Float.NaN;
        for (float w : WIDTHS) {
            if ((int) (32 * w) == stem) {
                width = w;
            }
        }
        if (Float.isNaN(width)) {
            throw new ImportException(file + ": first convolution " + first + " has " + stem
                    + " filters; MobileNetV1 has 32 x width (width 1.0, 0.75, 0.5 or 0.25)");
        }
        int classes = classifier.path("config").path(classifier.path("class_name").asText().equals("Dense") ? "units"
                : "filters").asInt();
        MobileNetV1 net = new MobileNetV1(width, classes, Padding.TF_SAME, epsilon);
        List<ConvBn> units = net.convs();
        if (units.size() != convs.size()) {
            throw new ImportException(file + ": " + convs.size() + " convolutions; MobileNetV1 has " + units.size());
        }
        for (int i = 0; i < units.size(); i++) {
            ConvBn u = units.get(i);
            ConvLayer l = convs.get(i);
            JsonNode c = l.conv.path("config");
            int stride = c.path("strides").get(0).asInt();
            int kernel = c.path("kernel_size").get(0).asInt();
            if (l.depthwise != u.isDepthwise() || stride != u.stride() || kernel != u.kernel() || l.bn == null || !l.relu6
                    || (stride == 2 && !l.zeroPadded && !c.path("padding").asText().equals("same"))) {
                throw new ImportException(file + ": layer " + l.name() + " (" + l.conv.path("class_name").asText()
                        + " k" + kernel + " s" + stride + (l.bn == null ? ", no BN" : "") + (l.relu6 ? "" : ", no ReLU6")
                        + ") does not match MobileNetV1's conv " + i + " " + u);
            }
            String kname = l.depthwise ? "depthwise_kernel" : "kernel";
            float[] kernelData = weight(file, h5, l.name(), kname);
            int[] dims = dims(h5, l.name(), kname);
            if (l.depthwise) {
                set(file, u.weight(), dwToC1hw(kernelData, dims));
            } else {
                set(file, u.weight(), hwioToOihw(kernelData, dims));
            }
            String bn = l.bn.path("config").path("name").asText();
            set(file, u.gamma(), l.bn.path("config").path("scale").asBoolean(true) ? weight(file, h5, bn, "gamma")
                    : filled(u.outChannels(), 1f));
            set(file, u.beta(), l.bn.path("config").path("center").asBoolean(true) ? weight(file, h5, bn, "beta")
                    : filled(u.outChannels(), 0f));
            set(file, u.runningMean(), weight(file, h5, bn, "moving_mean"));
            set(file, u.runningVar(), weight(file, h5, bn, "moving_variance"));
        }
        String cname = classifier.path("config").path("name").asText();
        float[] k = weight(file, h5, cname, "kernel");
        int[] kd = dims(h5, cname, "kernel");
        int in = kd[kd.length - 2];
        if (in != net.lastChannels()) {
            throw new ImportException(file + ": classifier " + cname + " takes " + in + " features, the network gives "
                    + net.lastChannels());
        }
        float[] linear = new float[classes * in]; // [in, classes] -> [classes, in]
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < classes; o++) {
                linear[o * in + i] = k[i * classes + o];
            }
        }
        float[] bias = classifier.path("config").path("use_bias").asBoolean(true) ? weight(file, h5, cname, "bias")
                : new float[classes];
        for (Pair<String, Parameter> p : net.classifier().getParameters()) {
            set(file, p.getValue(), p.getKey().equals("weight") ? linear : bias);
        }
        net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, inputSize, inputSize));
        return new TfliteImporter.Imported(net, inputSize, Normalization.tensorflow(), file.toString());
    }

    /** {@code model_weights/<layer>/.../<name>:0}, found through the layer group's {@code weight_names}. */
    private static Dataset dataset(HdfFile h5, String layer, String weight) {
        Node group = h5.getByPath("model_weights/" + layer);
        Attribute names = group.getAttribute("weight_names");
        if (names != null) {
            for (String n : (String[]) names.getData()) {
                String leaf = n.substring(n.lastIndexOf('/') + 1);
                if (leaf.equals(weight + ":0")) {
                    return (Dataset) h5.getByPath("model_weights/" + layer + "/" + n);
                }
            }
        }
        throw new ImportException("Keras layer " + layer + " has no weight '" + weight + "' (weight_names "
                + (names == null ? "missing" : Arrays.toString((String[]) names.getData())) + ")");
    }

    private static float[] weight(Path file, HdfFile h5, String layer, String weight) {
        Dataset d = dataset(h5, layer, weight);
        Object flat = d.getDataFlat();
        if (!(flat instanceof float[])) {
            throw new ImportException(file + ": " + d.getPath() + " is " + d.getJavaType() + ", expected float32");
        }
        return (float[]) flat;
    }

    private static int[] dims(HdfFile h5, String layer, String weight) {
        return dataset(h5, layer, weight).getDimensions();
    }

    private static float[] hwioToOihw(float[] w, int[] d) {
        int kh = d[0], kw = d[1], ci = d[2], co = d[3];
        float[] out = new float[w.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        out[((o * ci + i) * kh + y) * kw + x] = w[((y * kw + x) * ci + i) * co + o];
                    }
                }
            }
        }
        return out;
    }

    private static float[] dwToC1hw(float[] w, int[] d) {
        int kh = d[0], kw = d[1], c = d[2];
        if (d[3] != 1) {
            throw new ImportException("depthwise kernel " + Arrays.toString(d) + ": depth multiplier != 1 is not supported");
        }
        float[] out = new float[w.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int ch = 0; ch < c; ch++) {
                    out[(ch * kh + y) * kw + x] = w[(y * kw + x) * c + ch];
                }
            }
        }
        return out;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static void set(Path file, Parameter p, float[] values) {
        p.setInitializer((m, shape, dt) -> {
            if (shape.size() != values.length) {
                throw new ImportException(file + ": parameter " + p.getName() + " " + shape + " needs " + shape.size()
                        + " values, the file has " + values.length);
            }
            return m.create(values, shape);
        });
    }
}
