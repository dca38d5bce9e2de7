package dev.edgetl.benchmarks.jmh;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.Padding;

/**
 * One-operator models with MobileNetV2 layer shapes, so that a kernel is timed through the same public path
 * the interpreter uses (the op resolver picks the kernel), independent of the kernel classes' internals.
 * Quantized models follow the TFLite 8-bit spec: int8 activations per-tensor, int8 weights per-channel
 * (zero point 0), int32 bias with scale input_scale * weight_scale.
 */
public final class SingleOpModels {
    private SingleOpModels() {}

    /** A 1x1 convolution (the pointwise GEMM): 1xHxWxCin -> 1xHxWxCout, RELU6. */
    public static byte[] conv1x1(int h, int w, int cin, int cout, boolean int8, long seed) {
        Random rnd = new Random(seed);
        ModelBuilder b = new ModelBuilder("conv1x1 " + h + "x" + w + "x" + cin + "->" + cout);
        int[] inShape = {1, h, w, cin};
        int[] wShape = {cout, 1, 1, cin};
        int[] outShape = {1, h, w, cout};
        int x;
        int weights;
        int bias;
        int y;
        if (int8) {
            float inScale = 0.02f;
            float[] wScales = channelScales(cout, rnd);
            x = b.tensor("x", DType.INT8, inShape, Quantization.perTensor(inScale, -3));
            weights = b.constant("w", DType.INT8, wShape, Quantization.perChannel(wScales, new long[cout], 0),
                    randomBytes(cout * cin, rnd));
            bias = b.constantInt32("b", new int[] {cout}, randomInts(cout, 2000, rnd),
                    Quantization.perChannel(biasScales(inScale, wScales), new long[cout], 0));
            y = b.tensor("y", DType.INT8, outShape, Quantization.perTensor(0.05f, 2));
        } else {
            x = b.tensor("x", DType.FLOAT32, inShape, Quantization.NONE);
            weights = b.constant("w", wShape, randomFloats(cout * cin, 0.1f, rnd));
            bias = b.constant("b", new int[] {cout}, randomFloats(cout, 0.1f, rnd));
            y = b.tensor("y", DType.FLOAT32, outShape, Quantization.NONE);
        }
        Conv2DOptionsT o = new Conv2DOptionsT();
        o.setPadding(Padding.SAME);
        o.setStrideH(1);
        o.setStrideW(1);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        o.setFusedActivationFunction(ActivationFunctionType.RELU6);
        b.op(BuiltinOperator.CONV_2D, int8 ? 3 : 1, new int[] {x, weights, bias}, new int[] {y},
                BuiltinOptions.Conv2DOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    /** A 3x3 depthwise convolution, SAME padding, depth multiplier 1, RELU6. */
    public static byte[] depthwise3x3(int h, int w, int c, int stride, boolean int8, long seed) {
        Random rnd = new Random(seed);
        ModelBuilder b = new ModelBuilder("depthwise3x3 " + h + "x" + w + "x" + c + " s" + stride);
        int oh = (h + stride - 1) / stride;
        int ow = (w + stride - 1) / stride;
        int[] inShape = {1, h, w, c};
        int[] wShape = {1, 3, 3, c};
        int[] outShape = {1, oh, ow, c};
        int x;
        int weights;
        int bias;
        int y;
        if (int8) {
            float inScale = 0.03f;
            float[] wScales = channelScales(c, rnd);
            x = b.tensor("x", DType.INT8, inShape, Quantization.perTensor(inScale, 5));
            weights = b.constant("w", DType.INT8, wShape, Quantization.perChannel(wScales, new long[c], 3),
                    randomBytes(9 * c, rnd));
            bias = b.constantInt32("b", new int[] {c}, randomInts(c, 2000, rnd),
                    Quantization.perChannel(biasScales(inScale, wScales), new long[c], 0));
            y = b.tensor("y", DType.INT8, outShape, Quantization.perTensor(0.04f, -7));
        } else {
            x = b.tensor("x", DType.FLOAT32, inShape, Quantization.NONE);
            weights = b.constant("w", wShape, randomFloats(9 * c, 0.3f, rnd));
            bias = b.constant("b", new int[] {c}, randomFloats(c, 0.1f, rnd));
            y = b.tensor("y", DType.FLOAT32, outShape, Quantization.NONE);
        }
        DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
        o.setPadding(Padding.SAME);
        o.setStrideH(stride);
        o.setStrideW(stride);
        o.setDepthMultiplier(1);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        o.setFusedActivationFunction(ActivationFunctionType.RELU6);
        b.op(BuiltinOperator.DEPTHWISE_CONV_2D, int8 ? 3 : 1, new int[] {x, weights, bias}, new int[] {y},
                BuiltinOptions.DepthwiseConv2DOptions, o);
        return b.inputs(x).outputs(y).build();
    }

    private static float[] channelScales(int n, Random rnd) {
        float[] s = new float[n];
        for (int k = 0; k < n; k++) {
            s[k] = 0.002f + 0.006f * rnd.nextFloat();
        }
        return s;
    }

    private static float[] biasScales(float inScale, float[] wScales) {
        float[] s = new float[wScales.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = inScale * wScales[k];
        }
        return s;
    }

    static byte[] randomBytes(int n, Random rnd) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        for (int k = 0; k < n; k++) {
            if (b[k] == Byte.MIN_VALUE) {
                b[k] = -127; // symmetric int8 weights never use -128
            }
        }
        return b;
    }

    static int[] randomInts(int n, int bound, Random rnd) {
        int[] v = new int[n];
        for (int k = 0; k < n; k++) {
            v[k] = rnd.nextInt(2 * bound + 1) - bound;
        }
        return v;
    }

    static float[] randomFloats(int n, float amplitude, Random rnd) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (rnd.nextFloat() * 2 - 1) * amplitude;
        }
        return v;
    }

    /** Random contents for an input tensor of {@code bytes} bytes of the given type. */
    public static byte[] randomInput(DType type, int bytes, long seed) {
        Random rnd = new Random(seed);
        if (type == DType.FLOAT32) {
            ByteBuffer bb = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = randomFloats(bytes / 4, 3f, rnd);
            bb.asFloatBuffer().put(f);
            return bb.array();
        }
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        return b;
    }

    /** Parses "56x56x24" into {56, 56, 24}. */
    public static int[] dims(String s) {
        return Arrays.stream(s.split("x")).mapToInt(Integer::parseInt).toArray();
    }
}
