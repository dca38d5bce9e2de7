package dev.edgetl.benchmarks;

import java.util.List;

/** One inference engine holding one prepared model with fixed inputs: run it, read its outputs. */
public interface Backend extends AutoCloseable {
    /** Short label for tables, e.g. {@code tflite-2.21-xnnpack}. */
    String name();

    /** Copies the raw little-endian bytes of input 0..n-1 into the engine. */
    void setInputs(List<byte[]> inputs);

    /** One inference on the current inputs (the only call that is timed). */
    void run();

    /** Raw little-endian bytes of every output after the last {@link #run()}. */
    List<byte[]> outputs();

    @Override
    void close();
}
