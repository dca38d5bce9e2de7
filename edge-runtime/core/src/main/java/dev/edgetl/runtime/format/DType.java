package dev.edgetl.runtime.format;

import org.tensorflow.lite.schema.TensorType;

/** Tensor element types the runtime knows, with their TFLite schema code and size in bytes. */
public enum DType {
    FLOAT32(TensorType.FLOAT32, 4),
    FLOAT16(TensorType.FLOAT16, 2),
    INT32(TensorType.INT32, 4),
    UINT8(TensorType.UINT8, 1),
    INT64(TensorType.INT64, 8),
    BOOL(TensorType.BOOL, 1),
    INT16(TensorType.INT16, 2),
    INT8(TensorType.INT8, 1);

    private final byte code;
    private final int byteSize;

    DType(byte code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    public byte code() {
        return code;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isQuantized8() {
        return this == INT8 || this == UINT8;
    }

    /** Returns the type for a schema code, or null when the runtime does not know it. */
    public static DType fromCode(int code) {
        for (DType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    public static String schemaName(int code) {
        return code >= 0 && code < TensorType.names.length ? TensorType.name(code) : "type#" + code;
    }
}
