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
import dev.edgetl.trainer.arch.ShuffleNetV2;
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
            } else if (unit instanceof ShuffleNetV2.MaxPool3x3s2) {
                int[] out = new int[3];
                x = maxPool(b, ((ShuffleNetV2.MaxPool3x3s2) unit).padding(), x, hwc, e.getKey(), out);
                hwc = out;
            } else if (unit instanceof ShuffleNetV2.Unit) {
                int[] out = new int[3];
                x = shuffleUnit(b, (ShuffleNetV2.Unit) unit, x, hwc, e.getKey(), out);
                hwc = out;
            } else if (!(unit instanceof ConvSequence)) {
                throw new ExportException(e.getKey() + ": unit type " + unit.getClass().getSimpleName()
                        + " is not supported by the exporter");
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

    /** Zero padding {@code [before, after]} of H and W with a PAD op; {@code padded} receives the new shape. */
    private static int pad(ModelBuilder b, int x, int[] hwc, int[] ph, int[] pw, String name, int[] padded) {
        padded[0] = hwc[0] + ph[0] + ph[1];
        padded[1] = hwc[1] + pw[0] + pw[1];
        padded[2] = hwc[2];
        int pi = b.constantInt32(name + "/paddings", new int[] {4, 2}, new int[] {0, 0, ph[0], ph[1], pw[0], pw[1], 0, 0},
                Quantization.NONE);
        int y = b.tensor(name + "/pad", DType.FLOAT32, nhwc(padded), Quantization.NONE);
        b.op(BuiltinOperator.PAD, new int[] {x, pi}, new int[] {y}, BuiltinOptions.PadOptions,
                new org.tensorflow.lite.schema.PadOptionsT());
        return y;
    }

    /**
     * ShuffleNetV2's stem pool: PAD then a VALID 3x3/2 MAX_POOL_2D. Zero padding equals PyTorch's -inf padding
     * here because the input comes out of a ReLU.
     */
    private static int maxPool(ModelBuilder b, Padding padding, int x, int[] hwc, String name, int[] outHwc) {
        int[] padded = new int[3];
        x = pad(b, x, hwc, padding.pads(hwc[0], 3, 2), padding.pads(hwc[1], 3, 2), name, padded);
        outHwc[0] = (padded[0] - 3) / 2 + 1;
        outHwc[1] = (padded[1] - 3) / 2 + 1;
        outHwc[2] = hwc[2];
        int y = b.tensor(name, DType.FLOAT32, nhwc(outHwc), Quantization.NONE);
        Pool2DOptionsT po = new Pool2DOptionsT();
        po.setPadding(org.tensorflow.lite.schema.Padding.VALID);
        po.setStrideW(2);
        po.setStrideH(2);
        po.setFilterWidth(3);
        po.setFilterHeight(3);
        po.setFusedActivationFunction(ActivationFunctionType.NONE);
        b.op(BuiltinOperator.MAX_POOL_2D, new int[] {x}, new int[] {y}, BuiltinOptions.Pool2DOptions, po);
        return y;
    }

    /**
     * ShuffleNetV2 unit in NHWC: SPLIT on channels (stride 1) or two branches (stride 2), CONCATENATION, then the
     * 2-group channel shuffle as RESHAPE [H*W, 2, C/2] + TRANSPOSE [0,2,1] + RESHAPE [1,H,W,C].
     */
    private static int shuffleUnit(ModelBuilder b, ShuffleNetV2.Unit u, int x, int[] hwc, String name, int[] outHwc) {
        int left;
        int[] leftHwc;
        int right;
        int[] rightHwc = hwc;
        if (u.stride() == 1) {
            int half = hwc[2] / 2;
            leftHwc = new int[] {hwc[0], hwc[1], half};
            rightHwc = leftHwc;
            int axis = b.constantInt32(name + "/split/axis", new int[] {}, new int[] {3}, Quantization.NONE);
            left = b.tensor(name + "/split/0", DType.FLOAT32, nhwc(leftHwc), Quantization.NONE);
            right = b.tensor(name + "/split/1", DType.FLOAT32, nhwc(leftHwc), Quantization.NONE);
            org.tensorflow.lite.schema.SplitOptionsT so = new org.tensorflow.lite.schema.SplitOptionsT();
            so.setNumSplits(2);
            b.op(BuiltinOperator.SPLIT, new int[] {axis, x}, new int[] {left, right}, BuiltinOptions.SplitOptions, so);
        } else {
            left = x;
            leftHwc = hwc;
            right = x;
            int k = 0;
            for (ConvBn c : u.branch1()) {
                int[] out = new int[3];
                left = conv(b, c, left, leftHwc, name + "/branch1/" + (k++), out);
                leftHwc = out;
            }
        }
        int k = 0;
        for (ConvBn c : u.branch2()) {
            int[] out = new int[3];
            right = conv(b, c, right, rightHwc, name + "/branch2/" + (k++), out);
            rightHwc = out;
        }
        if (leftHwc[0] != rightHwc[0] || leftHwc[1] != rightHwc[1] || leftHwc[2] != rightHwc[2]) {
            throw new ExportException(name + ": branch shapes differ");
        }
        int c = leftHwc[2] * 2;
        outHwc[0] = leftHwc[0];
        outHwc[1] = leftHwc[1];
        outHwc[2] = c;
        int cat = b.tensor(name + "/concat", DType.FLOAT32, nhwc(outHwc), Quantization.NONE);
        org.tensorflow.lite.schema.ConcatenationOptionsT co = new org.tensorflow.lite.schema.ConcatenationOptionsT();
        co.setAxis(3);
        co.setFusedActivationFunction(ActivationFunctionType.NONE);
        b.op(BuiltinOperator.CONCATENATION, new int[] {left, right}, new int[] {cat}, BuiltinOptions.ConcatenationOptions, co);
        int hw = outHwc[0] * outHwc[1];
        int[] s3 = {hw, 2, c / 2};
        int r1 = reshape(b, cat, s3, name + "/shuffle/groups");
        int t = b.tensor(name + "/shuffle/transposed", DType.FLOAT32, new int[] {hw, c / 2, 2}, Quantization.NONE);
        int perm = b.constantInt32(name + "/shuffle/perm", new int[] {3}, new int[] {0, 2, 1}, Quantization.NONE);
        b.op(BuiltinOperator.TRANSPOSE, new int[] {r1, perm}, new int[] {t}, BuiltinOptions.TransposeOptions,
                new org.tensorflow.lite.schema.TransposeOptionsT());
        return reshape(b, t, nhwc(outHwc), name + "/shuffle");
    }

    private static int reshape(ModelBuilder b, int x, int[] shape, String name) {
        int si = b.constantInt32(name + "/shape", new int[] {shape.length}, shape, Quantization.NONE);
        int y = b.tensor(name, DType.FLOAT32, shape, Quantization.NONE);
        ReshapeOptionsT ro = new ReshapeOptionsT();
        ro.setNewShape(shape);
        b.op(BuiltinOperator.RESHAPE, new int[] {x, si}, new int[] {y}, BuiltinOptions.ReshapeOptions, ro);
        return y;
    }

    /**
     * One folded conv; {@code outHwc} receives the output shape. TF_SAME is written as SAME; PyTorch padding as an
     * explicit PAD + VALID (TFLite's SAME would put the extra row of a stride-2 conv at the bottom only).
     */
    private static int conv(ModelBuilder b, ConvBn c, int x, int[] hwc, String name, int[] outHwc) {
        int k = c.kernel();
        int s = c.stride();
        byte tfPadding = org.tensorflow.lite.schema.Padding.SAME;
        if (c.padding() == Padding.TORCH && k > 1) {
            int p = (k - 1) / 2;
            int[] padded = new int[3];
            x = pad(b, x, hwc, new int[] {p, p}, new int[] {p, p}, name, padded);
            hwc = padded;
            tfPadding = org.tensorflow.lite.schema.Padding.VALID;
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
        if (tfPadding == org.tensorflow.lite.schema.Padding.VALID) {
            outHwc[0] = (hwc[0] - k) / s + 1;
            outHwc[1] = (hwc[1] - k) / s + 1;
        } else {
            outHwc[0] = Padding.TF_SAME.outputSize(hwc[0], k, s);
            outHwc[1] = Padding.TF_SAME.outputSize(hwc[1], k, s);
        }
        outHwc[2] = o;
        int out = b.tensor(name + (c.relu6() ? "/relu6" : c.relu() ? "/relu" : "/conv"), DType.FLOAT32, nhwc(outHwc),
                Quantization.NONE);
        int bi = b.constant(name + "/bias", new int[] {o}, bias);
        byte act = c.relu6() ? ActivationFunctionType.RELU6
                : c.relu() ? ActivationFunctionType.RELU : ActivationFunctionType.NONE;
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
            opt.setPadding(tfPadding);
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
            opt.setPadding(tfPadding);
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
