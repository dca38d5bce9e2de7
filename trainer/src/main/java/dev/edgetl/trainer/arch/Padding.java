package dev.edgetl.trainer.arch;

/** How a convolution pads its input. */
public enum Padding {
    /** PyTorch style: symmetric {@code (k-1)/2} on every side. */
    TORCH,
    /**
     * TensorFlow "SAME": output {@code ceil(in/stride)}, total padding split with the extra row/column at the
     * bottom/right. Differs from {@link #TORCH} for stride 2 on even inputs; weights trained in TensorFlow need it.
     */
    TF_SAME;

    /** {@code {before, after}} padding of one spatial axis. */
    public int[] pads(int in, int kernel, int stride) {
        if (this == TORCH) {
            int p = (kernel - 1) / 2;
            return new int[] {p, p};
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    public int outputSize(int in, int kernel, int stride) {
        int[] p = pads(in, kernel, stride);
        return (in + p[0] + p[1] - kernel) / stride + 1;
    }
}
