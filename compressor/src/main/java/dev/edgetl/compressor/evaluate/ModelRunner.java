package dev.edgetl.compressor.evaluate;

/**
 * One model loaded for evaluation: float input in, dequantized output 0 out. Production runs use
 * edge-runtime ({@link EdgeRuntimeRunner}); the interface lets tests put real TFLite beside it.
 */
public interface ModelRunner extends AutoCloseable {
    /** Runs the model on a normalised float input (quantized with the input's parameters if needed). */
    float[] run(float[] input);

    /** Runs again on the current input (for timing). */
    void invoke();

    /** Bytes of the planned activation arena, or -1 if unknown. */
    long arenaBytes();

    /** Bytes of memory the runtime holds for this model (arena, decoded constants, scratch), or -1. */
    long ramBytes();

    @Override
    void close();

    @FunctionalInterface
    interface Factory {
        ModelRunner open(byte[] model, String name);
    }
}
