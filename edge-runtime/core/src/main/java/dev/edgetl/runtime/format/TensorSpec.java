package dev.edgetl.runtime.format;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One tensor of a validated model: type, static shape, quantization and, for constants, its bytes
 * (a little-endian read-only view into the model file, never a copy).
 */
public final class TensorSpec {
    private final int index;
    private final String name;
    private final DType dtype;
    private final int[] shape;
    private final Quantization quantization;
    private final ByteBuffer data;
    private final boolean variable;

    public TensorSpec(int index, String name, DType dtype, int[] shape, Quantization quantization, ByteBuffer data, boolean variable) {
        this.index = index;
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.quantization = quantization;
        this.data = data;
        this.variable = variable;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape;
    }

    public Quantization quantization() {
        return quantization;
    }

    public ByteBuffer data() {
        return data;
    }

    public boolean variable() {
        return variable;
    }


    public boolean isConstant() {
        return data != null;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    /** Element count; the reader has checked that it fits in an int. */
    public int numElements() {
        return numElements(shape);
    }

    public long byteSize() {
        return (long) numElements() * dtype.byteSize();
    }

    public static int numElements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return (int) n;
    }

    /** A fresh little-endian view of the constant bytes, positioned at 0. */
    public ByteBuffer dataView() {
        return data == null ? null : data.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public String describe() {
        return "tensor " + index + " '" + name + "' " + dtype + Arrays.toString(shape);
    }
}
