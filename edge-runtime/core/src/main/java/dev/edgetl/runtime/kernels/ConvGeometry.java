package dev.edgetl.runtime.kernels;

import dev.edgetl.runtime.interpreter.OpContext;
import dev.edgetl.runtime.interpreter.Tensor;

/**
 * Shapes, strides, dilations and padding of one 2-D convolution window (NHWC), computed like TFLite's
 * {@code ComputePaddingHeightWidth}: SAME puts the odd padding row/column at the bottom/right.
 */
final class ConvGeometry {
    final int batches;
    final int inH;
    final int inW;
    final int inC;
    final int kH;
    final int kW;
    final int outH;
    final int outW;
    final int outC;
    final int strideH;
    final int strideW;
    final int dilH;
    final int dilW;
    final int padTop;
    final int padLeft;

    static final int PADDING_SAME = 0;
    static final int PADDING_VALID = 1;

    ConvGeometry(OpContext ctx, Tensor input, int kH, int kW, int outC, Tensor output, int padding, int strideH,
            int strideW, int dilH, int dilW) {
        ctx.checkRank(input, "input", 4);
        ctx.checkRank(output, "output", 4);
        if (strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1) {
            throw ctx.error("strides and dilations must be >= 1, got stride " + strideH + "x" + strideW
                    + ", dilation " + dilH + "x" + dilW);
        }
        if (padding != PADDING_SAME && padding != PADDING_VALID) {
            throw ctx.error("unknown padding " + padding);
        }
        this.batches = input.dim(0);
        this.inH = input.dim(1);
        this.inW = input.dim(2);
        this.inC = input.dim(3);
        this.kH = kH;
        this.kW = kW;
        this.outC = outC;
        this.strideH = strideH;
        this.strideW = strideW;
        this.dilH = dilH;
        this.dilW = dilW;
        int effH = (kH - 1) * dilH + 1;
        int effW = (kW - 1) * dilW + 1;
        int oh = padding == PADDING_SAME ? (inH + strideH - 1) / strideH : (inH - effH + strideH) / strideH;
        int ow = padding == PADDING_SAME ? (inW + strideW - 1) / strideW : (inW - effW + strideW) / strideW;
        if (oh < 1 || ow < 1) {
            throw ctx.error("the " + kH + "x" + kW + " window does not fit the " + inH + "x" + inW + " input");
        }
        int[] os = output.shape;
        if (os[0] != batches || os[1] != oh || os[2] != ow || os[3] != outC) {
            throw ctx.error("output " + output.describe() + " should have shape [" + batches + ", " + oh + ", " + ow
                    + ", " + outC + "]");
        }
        this.outH = oh;
        this.outW = ow;
        this.padTop = Math.max(0, ((oh - 1) * strideH + effH - inH)) / 2;
        this.padLeft = Math.max(0, ((ow - 1) * strideW + effW - inW)) / 2;
    }

    /** Output pixels over all batches: the rows of the GEMM. */
    int outPixels() {
        return batches * outH * outW;
    }

    /** Depth of one im2col patch. */
    int patchSize() {
        return kH * kW * inC;
    }

    boolean isPointwise() {
        return kH == 1 && kW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0;
    }
}
