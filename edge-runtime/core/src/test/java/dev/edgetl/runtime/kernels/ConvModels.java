package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelBuilder;
import dev.edgetl.runtime.format.Quantization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;

/** Single-op CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED models with random weights, for oracle tests. */
final class ConvModels {
    private ConvModels() {}

    enum Op { CONV, DEPTHWISE, FC }

    enum Kind {
        FLOAT, UINT8, INT8_PER_CHANNEL, INT8_PER_TENSOR, HYBRID_PER_CHANNEL, HYBRID_PER_TENSOR, HYBRID_ASYMMETRIC;

        boolean floatInput() {
            return this == FLOAT || this == HYBRID_PER_CHANNEL || this == HYBRID_PER_TENSOR || this == HYBRID_ASYMMETRIC;
        }

        boolean perChannel() {
            return this == INT8_PER_CHANNEL || this == HYBRID_PER_CHANNEL;
        }

        DType weightType() {
            return this == FLOAT ? DType.FLOAT32 : this == UINT8 ? DType.UINT8 : DType.INT8;
        }
    }

    /**
     * One test case. For CONV {@code channels} is the output channel count, for DEPTHWISE the depth
     * multiplier, for FC the unit count (h * w * inC is then the flattened depth, h the batch).
     */
    record Case(Op op, Kind kind, int batch, int h, int w, int inC, int channels, int kH, int kW, int stride,
            int dilation, int padding, int act, boolean bias, long seed) {
        @Override
        public String toString() {
            return op + " " + kind + " in=" + batch + "x" + h + "x" + w + "x" + inC + " ch=" + channels + " k=" + kH
                    + "x" + kW + " s=" + stride + " d=" + dilation + (padding == 0 ? " SAME" : " VALID") + " act="
                    + act + (bias ? " bias" : " nobias") + " seed=" + seed;
        }
    }

    static byte[] build(Case c) {
        Random rnd = new Random(c.seed());
        ModelBuilder b = new ModelBuilder("edgetl conv test " + c);
        Kind k = c.kind();
        int outC;
        int[] inShape;
        int[] wShape;
        int depth;
        int qDim;
        switch (c.op()) {
            case CONV -> {
                outC = c.channels();
                inShape = new int[] {c.batch(), c.h(), c.w(), c.inC()};
                wShape = new int[] {outC, c.kH(), c.kW(), c.inC()};
                depth = c.kH() * c.kW() * c.inC();
                qDim = 0;
            }
            case DEPTHWISE -> {
                outC = c.inC() * c.channels();
                inShape = new int[] {c.batch(), c.h(), c.w(), c.inC()};
                wShape = new int[] {1, c.kH(), c.kW(), outC};
                depth = c.kH() * c.kW();
                qDim = 3;
            }
            default -> {
                outC = c.channels();
                inShape = new int[] {c.batch(), c.h() * c.w(), c.inC()};
                wShape = new int[] {outC, c.h() * c.w() * c.inC()};
                depth = c.h() * c.w() * c.inC();
                qDim = 0;
            }
        }
        // Quantization parameters: scales chosen so outputs cover a good part of the 8-bit range.
        float inScale = 0.02f + rnd.nextFloat() * 0.08f;
        int inZp = k == Kind.UINT8 ? 100 + rnd.nextInt(56) : -20 + rnd.nextInt(41);
        float[] wScales = new float[k.perChannel() ? outC : 1];
        for (int i = 0; i < wScales.length; i++) {
            wScales[i] = 0.004f + rnd.nextFloat() * 0.02f;
        }
        int wZp = k == Kind.UINT8 ? 110 + rnd.nextInt(36) : 0;
        double accStd = Math.sqrt(depth) * 74 * 73;
        float outScale = (float) (inScale * wScales[0] * accStd / 45 * (0.6 + rnd.nextDouble()));
        int outZp = k == Kind.UINT8 ? 90 + rnd.nextInt(76) : -30 + rnd.nextInt(61);

        DType act = k.floatInput() ? DType.FLOAT32 : k.weightType();
        Quantization inQ = k.floatInput() ? Quantization.NONE : Quantization.perTensor(inScale, inZp);
        Quantization outQ = k.floatInput() ? Quantization.NONE : Quantization.perTensor(outScale, outZp);
        int[] outShape = outShape(c, outC);
        int x = b.tensor("input", act, inShape, inQ);
        int y = b.tensor("output", act, outShape, outQ);

        int wn = 1;
        for (int d : wShape) {
            wn *= d;
        }
        int w;
        if (k == Kind.FLOAT) {
            float[] v = new float[wn];
            for (int i = 0; i < wn; i++) {
                v[i] = rnd.nextFloat() * 2 - 1;
            }
            w = b.constant("weights", wShape, v);
        } else {
            byte[] v = new byte[wn];
            for (int i = 0; i < wn; i++) {
                v[i] = (byte) (k == Kind.UINT8 ? rnd.nextInt(256) : rnd.nextInt(255) - 127);
            }
            long[] zps = new long[wScales.length];
            java.util.Arrays.fill(zps, wZp);
            Quantization wq = wScales.length > 1 ? Quantization.perChannel(wScales, zps, qDim)
                    : Quantization.perTensor(wScales[0], wZp);
            w = b.constant("weights", k.weightType(), wShape, wq, v);
        }
        int bias = -1;
        if (c.bias()) {
            if (k.floatInput()) {
                float[] v = new float[outC];
                for (int i = 0; i < outC; i++) {
                    v[i] = (float) (rnd.nextGaussian() * (k == Kind.FLOAT ? 1 : 2));
                }
                bias = b.constant("bias", new int[] {outC}, v);
            } else {
                int[] v = new int[outC];
                float[] bs = new float[wScales.length];
                for (int i = 0; i < bs.length; i++) {
                    bs[i] = inScale * wScales[i];
                }
                for (int i = 0; i < outC; i++) {
                    v[i] = (int) (rnd.nextGaussian() * accStd);
                }
                long[] zps = new long[bs.length];
                Quantization bq = bs.length > 1 ? Quantization.perChannel(bs, zps, 0) : Quantization.perTensor(bs[0], 0);
                bias = b.constantInt32("bias", new int[] {outC}, v, bq);
            }
        }
        int[] inputs = {x, w, bias};
        switch (c.op()) {
            case CONV -> {
                Conv2DOptionsT o = new Conv2DOptionsT();
                o.setPadding((byte) c.padding());
                o.setStrideH(c.stride());
                o.setStrideW(c.stride());
                o.setDilationHFactor(c.dilation());
                o.setDilationWFactor(c.dilation());
                o.setFusedActivationFunction((byte) c.act());
                b.op(BuiltinOperator.CONV_2D, k.floatInput() ? 1 : 3, inputs, new int[] {y},
                        BuiltinOptions.Conv2DOptions, o);
            }
            case DEPTHWISE -> {
                DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
                o.setPadding((byte) c.padding());
                o.setStrideH(c.stride());
                o.setStrideW(c.stride());
                o.setDilationHFactor(c.dilation());
                o.setDilationWFactor(c.dilation());
                o.setDepthMultiplier(c.channels());
                o.setFusedActivationFunction((byte) c.act());
                b.op(BuiltinOperator.DEPTHWISE_CONV_2D, k.floatInput() ? 2 : 3, inputs, new int[] {y},
                        BuiltinOptions.DepthwiseConv2DOptions, o);
            }
            default -> {
                FullyConnectedOptionsT o = new FullyConnectedOptionsT();
                o.setFusedActivationFunction((byte) c.act());
                o.setAsymmetricQuantizeInputs(k == Kind.HYBRID_ASYMMETRIC);
                b.op(BuiltinOperator.FULLY_CONNECTED, k.floatInput() ? 1 : 4, inputs, new int[] {y},
                        BuiltinOptions.FullyConnectedOptions, o);
            }
        }
        return b.inputs(x).outputs(y).build();
    }

    static int[] outShape(Case c, int outC) {
        if (c.op() == Op.FC) {
            return new int[] {c.batch() * 1, outC};
        }
        int eff = (c.kH() - 1) * c.dilation() + 1;
        int effW = (c.kW() - 1) * c.dilation() + 1;
        int oh = c.padding() == 0 ? (c.h() + c.stride() - 1) / c.stride() : (c.h() - eff + c.stride()) / c.stride();
        int ow = c.padding() == 0 ? (c.w() + c.stride() - 1) / c.stride() : (c.w() - effW + c.stride()) / c.stride();
        return new int[] {c.batch(), oh, ow, outC};
    }

    static byte[] floats(float... v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        return bb.array();
    }
}
