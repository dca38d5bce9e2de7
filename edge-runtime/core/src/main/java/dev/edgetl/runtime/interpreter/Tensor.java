package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.Quantization;
import dev.edgetl.runtime.format.TensorSpec;

/**
 * A tensor at run time: a window {@code [offset, offset + size)} of one typed array. Activations share the
 * planned arena arrays; constants own their decoded arrays. Exactly one of the array fields is set, chosen
 * by {@link Storage#of(DType)}; int8 and uint8 both live in {@code byte[]} (uint8 is read as {@code b & 0xFF}).
 *
 * <p>Fields are public and final-after-prepare so kernels index plain arrays in their inner loops.
 */
public final class Tensor {
    public final TensorSpec spec;
    public final DType dtype;
    public final int[] shape;
    public final Quantization quant;
    public final int size;

    public float[] f;
    public byte[] b;
    public int[] i;
    public long[] l;
    public short[] s;
    public int offset;

    /** True for model constants and for outputs folded at prepare time. */
    boolean constant;

    Tensor(TensorSpec spec) {
        this.spec = spec;
        this.dtype = spec.dtype();
        this.shape = spec.shape();
        this.quant = spec.quantization();
        this.size = spec.numElements();
    }

    public int index() {
        return spec.index();
    }

    public String name() {
        return spec.name();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int d) {
        return shape[d];
    }

    public boolean isConstant() {
        return constant;
    }

    public Storage storage() {
        return Storage.of(dtype);
    }

    public long byteSize() {
        return (long) size * dtype.byteSize();
    }

    public float scale() {
        return quant.scale();
    }

    public int zeroPoint() {
        return quant.zeroPoint();
    }

    /** Element {@code k} of an int8/uint8 tensor as a signed int (uint8 read unsigned). */
    public int q(int k) {
        byte v = b[offset + k];
        return dtype == DType.UINT8 ? v & 0xFF : v;
    }

    public String describe() {
        return spec.describe();
    }

    /** The typed array families of the arena. */
    public enum Storage {
        FLOAT, BYTE, INT, LONG, SHORT;

        public static Storage of(DType t) {
            switch (t) {
                case FLOAT32:
                    return FLOAT;
                case INT8:
                case UINT8:
                case BOOL:
                    return BYTE;
                case INT32:
                    return INT;
                case INT64:
                    return LONG;
                case FLOAT16:
                case INT16:
                    return SHORT;
                default:
                    throw new IllegalArgumentException(String.valueOf(t));
            }
        }
    }

    void bind(Storage storage, Object array, int elementOffset) {
        this.offset = elementOffset;
        switch (storage) {
            case FLOAT -> f = (float[]) array;
            case BYTE -> b = (byte[]) array;
            case INT -> i = (int[]) array;
            case LONG -> l = (long[]) array;
            case SHORT -> s = (short[]) array;
        }
    }
}
