package dev.edgetl.runtime.inspect;

/**
 * The static cost of one operator, the inputs of a latency estimate.
 *
 * <p>{@code macs}: multiply-accumulates of CONV_2D (output elements x kh x kw x input channels),
 * DEPTHWISE_CONV_2D (output elements x kh x kw) and FULLY_CONNECTED (output elements x input depth);
 * 0 for every other op. {@code elementOps}: output element count of every other op (one arithmetic or copy
 * per element; pooling windows are not multiplied in), 0 for the MAC ops. {@code weightBytes}: bytes of the
 * op's constant inputs. {@code activationBytes}: bytes of its non-constant inputs plus its outputs (the memory
 * traffic of one run, ignoring caches).
 */
public final class OpCost {
    private final int index;
    private final String op;
    private final String dtype;
    private final int[] outputShape;
    private final long macs;
    private final long elementOps;
    private final long weightBytes;
    private final long activationBytes;

    public OpCost(int index, String op, String dtype, int[] outputShape, long macs, long elementOps, long weightBytes, long activationBytes) {
        this.index = index;
        this.op = op;
        this.dtype = dtype;
        this.outputShape = outputShape;
        this.macs = macs;
        this.elementOps = elementOps;
        this.weightBytes = weightBytes;
        this.activationBytes = activationBytes;
    }

    public int index() {
        return index;
    }

    /** Op name, e.g. CONV_2D. */
    public String op() {
        return op;
    }

    /** Type of output 0 (FLOAT32, INT8, UINT8...), which decides the kernel family. */
    public String dtype() {
        return dtype;
    }

    public int[] outputShape() {
        return outputShape.clone();
    }

    public long macs() {
        return macs;
    }

    public long elementOps() {
        return elementOps;
    }

    public long weightBytes() {
        return weightBytes;
    }

    public long activationBytes() {
        return activationBytes;
    }
}
