package dev.edgetl.compressor.quantize;

/** A model that cannot be quantized as asked (not float, unsupported structure, missing calibration). */
public class QuantizationException extends RuntimeException {
    public QuantizationException(String message) {
        super(message);
    }
}
