package dev.edgetl.compressor.quantize;

/** Which ops carry per-channel weights (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED). */
public final class WeightedOps {
    private WeightedOps() {}

    public static boolean hasWeights(int builtinCode) {
        return DynamicRangeQuantizer.weightChannelDim(builtinCode) >= 0;
    }
}
