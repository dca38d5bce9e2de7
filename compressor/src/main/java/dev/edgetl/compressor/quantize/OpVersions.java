package dev.edgetl.compressor.quantize;

import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * The operator versions TFLite's converter writes (tensorflow/lite/tools/versioning/op_version.cc) for the
 * kernels the compressor produces. TFLite refuses versions above what a runtime registers, and a too-low
 * version misleads older runtimes into running a kernel that does not know the types.
 */
final class OpVersions {
    private OpVersions() {}

    /** Version of an op whose activations and weights are all int8. */
    static int int8(int builtin, int currentVersion) {
        int v = switch (builtin) {
            case BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D -> 3;
            case BuiltinOperator.FULLY_CONNECTED -> 4;
            case BuiltinOperator.ADD, BuiltinOperator.MUL, BuiltinOperator.SOFTMAX, BuiltinOperator.LOGISTIC,
                    BuiltinOperator.TANH, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
                    BuiltinOperator.CONCATENATION, BuiltinOperator.PAD, BuiltinOperator.MEAN, BuiltinOperator.RELU,
                    BuiltinOperator.RELU6, BuiltinOperator.SUB, BuiltinOperator.TRANSPOSE,
                    BuiltinOperator.RESIZE_BILINEAR, BuiltinOperator.RESIZE_NEAREST_NEIGHBOR,
                    BuiltinOperator.LEAKY_RELU, BuiltinOperator.MAXIMUM, BuiltinOperator.MINIMUM -> 2;
            default -> 1;
        };
        return Math.max(v, currentVersion);
    }

    /** Version of a hybrid op: float activations, int8 weights ({@code perChannel}: more than one scale). */
    static int hybrid(int builtin, boolean perChannel, int currentVersion) {
        int v = switch (builtin) {
            case BuiltinOperator.CONV_2D -> perChannel ? 5 : 2;
            case BuiltinOperator.DEPTHWISE_CONV_2D -> perChannel ? 6 : 4;
            case BuiltinOperator.FULLY_CONNECTED -> perChannel ? 12 : 3;
            default -> currentVersion;
        };
        return Math.max(v, currentVersion);
    }

    static int dequantize(dev.edgetl.runtime.format.DType input) {
        return switch (input) {
            case FLOAT16 -> 3;
            case INT8 -> 2;
            default -> 1;
        };
    }
}
