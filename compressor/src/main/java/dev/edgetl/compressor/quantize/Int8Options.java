package dev.edgetl.compressor.quantize;

import java.util.Set;

/**
 * Options of full-integer quantization.
 *
 * @param perChannel int8 weights with one scale per output channel (the default) or one per tensor
 * @param io the type of the model's inputs and outputs
 * @param keepFloat indices (in the float model) of operators that stay float, with DEQUANTIZE/QUANTIZE around them
 */
public record Int8Options(boolean perChannel, IoType io, Set<Integer> keepFloat) {
    public enum IoType { FLOAT32, INT8, UINT8 }

    public static Int8Options defaults() {
        return new Int8Options(true, IoType.FLOAT32, Set.of());
    }

    public Int8Options withPerChannel(boolean pc) {
        return new Int8Options(pc, io, keepFloat);
    }

    public Int8Options withIo(IoType t) {
        return new Int8Options(perChannel, t, keepFloat);
    }

    public Int8Options withKeepFloat(Set<Integer> ops) {
        return new Int8Options(perChannel, io, Set.copyOf(ops));
    }
}
