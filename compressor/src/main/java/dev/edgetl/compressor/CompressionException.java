package dev.edgetl.compressor;

/** Bad input to a compress run (model, folders, budget): the message says which file and why. */
public class CompressionException extends RuntimeException {
    public CompressionException(String message) {
        super(message);
    }

    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
