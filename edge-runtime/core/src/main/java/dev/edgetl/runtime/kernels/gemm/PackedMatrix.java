package dev.edgetl.runtime.kernels.gemm;

/** A right-hand GEMM matrix in a backend's own layout; only the backend that packed it reads {@code data}. */
public final class PackedMatrix {
    /** Logical columns (output channels) and depth. */
    public final int n;
    public final int k;
    /** Columns rounded up to the backend's panel width: the minimum {@code ldc} of {@code multiply}. */
    public final int paddedN;
    /** Packed values; layout is the backend's business. */
    public final float[] data;

    public PackedMatrix(int n, int k, int paddedN, float[] data) {
        this.n = n;
        this.k = k;
        this.paddedN = paddedN;
        this.data = data;
    }
}
