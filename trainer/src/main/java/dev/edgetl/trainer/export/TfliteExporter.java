package dev.edgetl.trainer.export;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.ClassifierNet;
import dev.edgetl.trainer.arch.ConvSequence;
import dev.edgetl.trainer.arch.Padding;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;

/**
 * Writes a trained {@link ClassifierNet} (MobileNetV1/V2) as a float32 TFLite model with edge-runtime's {@link ModelBuilder}:
 * NHWC input {@code [1,S,S,3]} (already normalised), BatchNorm folded into each conv
 * ({@code w' = w*g/sqrt(v+eps)}, {@code b' = beta - mean*g/sqrt(v+eps)}), ReLU6 fused, TF "SAME" padding,
 * AVERAGE_POOL_2D + RESHAPE + FULLY_CONNECTED (+ SOFTMAX). Dropout is the identity at inference and is not
 * written.
 */
public final class TfliteExporter {
    private TfliteExporter() {}

    public static byte[] export(ClassifierNet net, int inputSize, boolean softmax, Map<String, String> metadata) {
        if (inputSize % 32 != 0 || inputSize < 32) {
            throw new ExportException("input size " + inputSize + " is not a positive multiple of 32");
        }
        ModelBuilder b = new ModelBuilder("edgetl " + net.architecture() + " " + net.width() + " (" + net.numClasses() + " classes)");
        int input = b.tensor("input", DType.FLOAT32, new int[] {1, inputSize, inputSize, 3}, Quantization.NONE);
        int x = input;
        int[] hwc = {inputSize, inputSize, 3};
        for (Map.Entry<String, Block> e : net.units().entrySet()) {
            Block unit = e.getValue();
            if (unit instanceof ConvBn) {
                int[] out = new int[3];
                x = conv(b, (ConvBn) unit, x, hwc, e.getKey(), out);
                hwc = out;
            } else {
                ConvSequence ir = (ConvSequence) unit;
                int in = x;
                int[] inShape = hwc;
                int k = 0;
                for (ConvBn c : ir.units()) {
                    int[] out = new int[3];
                    x = conv(b, c, x, hwc, e.getKey() + "/" + (k++), out);
                    hwc = out;
                }
                if (ir.residual()) {
                    if (!java.util.Arrays.equals(inShape, hwc)) {
                        throw new ExportException(e.getKey() + ": residual shapes differ");
                    }
                    int sum = b.tensor(e.getKey() + "/add", DType.FLOAT32, nhwc(hwc), Quantization.NONE);
                    AddOptionsT o = new AddOptionsT();
                    o.setFusedActivationFunction(ActivationFunctionType.NONE);
                    b.op(BuiltinOperator.ADD, new int[] {x, in}, new int[] {sum}, BuiltinOptions.AddOptions, o);
                    x = sum;
                }
            }
        }
        int c = hwc[2];
        int pooled = b.tensor("pool", DType.FLOAT32, new int[] {1, 1, 1, c}, Quantization.NONE);
        Pool2DOptionsT po = new Pool2DOptionsT();
        po.setPadding(org.tensorflow.lite.schema.Padding.VALID);
        po.setStrideW(1);
        po.setStrideH(1);
        po.setFilterWidth(hwc[1]);
        po.setFilterHeight(hwc[0]);
        po.setFusedActivationFunction(ActivationFunctionType.NONE);
        b.op(BuiltinOperator.AVERAGE_POOL_2D, new int[] {x}, new int[] {pooled}, BuiltinOptions.Pool2DOptions, po);
        int shape = b.constantInt32("flatten/shape", new int[] {2}, new int[] {1, c}, Quantization.NONE);
        int flat = b.tensor("embedding", DType.FLOAT32, new int[] {1, c}, Quantization.NONE);
        ReshapeOptionsT ro = new ReshapeOptionsT();
        ro.setNewShape(new int[] {1, c});
        b.op(BuiltinOperator.RESHAPE, new int[] {pooled, shape}, new int[] {flat}, BuiltinOptions.ReshapeOptions, ro);

        float[] w = null;
        float[] bias = null;
        for (Pair<String, Parameter> p : net.classifier().getParameters()) {
            if (p.getKey().equals("weight")) {
                w = p.getValue().getArray().toFloatArray();
            } else if (p.getKey().equals("bias")) {
                bias = p.getValue().getArray().toFloatArray();
            }
        }
        int classes = net.numClasses();
        if (w == null || bias == null || w.length != classes * c) {
            throw new ExportException("classifier: expected weight [" + classes + "," + c + "] and bias");
        }
        int fw = b.constant("classifier/weight", new int[] {classes, c}, w);
        int fb = b.constant("classifier/bias", new int[] {classes}, bias);
        int logits = b.tensor("logits", DType.FLOAT32, new int[] {1, classes}, Quantization.NONE);
        FullyConnectedOptionsT fo = new FullyConnectedOptionsT();
        fo.setFusedActivationFunction(ActivationFunctionType.NONE);
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {flat, fw, fb}, new int[] {logits},
                BuiltinOptions.FullyConnectedOptions, fo);
        int output = logits;
        if (softmax) {
            output = b.tensor("probabilities", DType.FLOAT32, new int[] {1, classes}, Quantization.NONE);
            SoftmaxOptionsT so = new SoftmaxOptionsT();
            so.setBeta(1f);
            b.op(BuiltinOperator.SOFTMAX, new int[] {logits}, new int[] {output}, BuiltinOptions.SoftmaxOptions, so);
        }
        b.inputs(input).outputs(output);
        if (metadata != null) {
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                b.metadata(m.getKey(), m.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.build();
    }

    private static int[] nhwc(int[] hwc) {
        return new int[] {1, hwc[0], hwc[1], hwc[2]};
    }

    /** One folded conv; {@code outHwc} receives the output shape. */
    private static int conv(ModelBuilder b, ConvBn c, int x, int[] hwc, String name, int[] outHwc) {
        int k = c.kernel();
        int s = c.stride();
        if (c.padding() == Padding.TORCH && k > 1 && (s > 1 && hwc[0] % s == 0)) {
            // TFLite's SAME puts the extra row at the bottom, PyTorch pads both sides: the results differ.
            throw new ExportException(name + ": PyTorch-style padding with stride " + s + " on an even input can not"
                    + " be written as TFLite SAME padding (build the network with Padding.TF_SAME)");
        }
        if (c.relu()) {
            throw new ExportException(name + ": plain ReLU units are not supported by the exporter (MobileNets use ReLU6)");
        }
        if (hwc[2] != c.inChannels()) {
            throw new ExportException(name + ": expects " + c.inChannels() + " channels, gets " + hwc[2]);
        }
        int o = c.outChannels();
        int inPerGroup = c.inChannels() / c.groups();
        float[] w = c.weight().getArray().toFloatArray(); // O, I/g, kh, kw
        float[] gamma = c.gamma().getArray().toFloatArray();
        float[] beta = c.beta().getArray().toFloatArray();
        float[] mean = c.runningMean().getArray().toFloatArray();
        float[] var = c.runningVar().getArray().toFloatArray();
        float[] bias = new float[o];
        double[] scale = new double[o];
        for (int i = 0; i < o; i++) {
            scale[i] = gamma[i] / Math.sqrt(var[i] + (double) c.epsilon());
            bias[i] = (float) (beta[i] - mean[i] * scale[i]);
        }
        outHwc[0] = Padding.TF_SAME.outputSize(hwc[0], k, s);
        outHwc[1] = Padding.TF_SAME.outputSize(hwc[1], k, s);
        outHwc[2] = o;
        int out = b.tensor(name + (c.relu6() ? "/relu6" : "/conv"), DType.FLOAT32, nhwc(outHwc), Quantization.NONE);
        int bi = b.constant(name + "/bias", new int[] {o}, bias);
        byte act = c.relu6() ? ActivationFunctionType.RELU6 : ActivationFunctionType.NONE;
        if (c.isDepthwise()) {
            float[] f = new float[o * k * k]; // 1, kh, kw, C
            for (int ch = 0; ch < o; ch++) {
                for (int y = 0; y < k; y++) {
                    for (int xx = 0; xx < k; xx++) {
                        f[(y * k + xx) * o + ch] = (float) (w[(ch * k + y) * k + xx] * scale[ch]);
                    }
                }
            }
            int fi = b.constant(name + "/depthwise_weights", new int[] {1, k, k, o}, f);
            DepthwiseConv2DOptionsT opt = new DepthwiseConv2DOptionsT();
            opt.setPadding(org.tensorflow.lite.schema.Padding.SAME);
            opt.setStrideW(s);
            opt.setStrideH(s);
            opt.setDepthMultiplier(1);
            opt.setFusedActivationFunction(act);
            opt.setDilationWFactor(1);
            opt.setDilationHFactor(1);
            b.op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {x, fi, bi}, new int[] {out},
                    BuiltinOptions.DepthwiseConv2DOptions, opt);
        } else {
            if (c.groups() != 1) {
                throw new ExportException(name + ": grouped convolution (groups " + c.groups() + ") is not supported");
            }
            float[] f = new float[o * k * k * inPerGroup]; // O, kh, kw, I
            for (int oc = 0; oc < o; oc++) {
                for (int ic = 0; ic < inPerGroup; ic++) {
                    for (int y = 0; y < k; y++) {
                        for (int xx = 0; xx < k; xx++) {
                            f[((oc * k + y) * k + xx) * inPerGroup + ic] =
                                    (float) (w[((oc * inPerGroup + ic) * k + y) * k + xx] * scale[oc]);
                        }
                    }
                }
            }
            int fi = b.constant(name + "/weights", new int[] {o, k, k, inPerGroup}, f);
            Conv2DOptionsT opt = new Conv2DOptionsT();
            opt.setPadding(org.tensorflow.lite.schema.Padding.SAME);
            opt.setStrideW(s);
            opt.setStrideH(s);
            opt.setFusedActivationFunction(act);
            opt.setDilationWFactor(1);
            opt.setDilationHFactor(1);
            b.op(BuiltinOperator.CONV_2D, new int[] {x, fi, bi}, new int[] {out}, BuiltinOptions.Conv2DOptions, opt);
        }
        return out;
    }
}
