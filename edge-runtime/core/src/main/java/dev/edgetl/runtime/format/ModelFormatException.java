package dev.edgetl.runtime.format;

/**
 * A model file that cannot be trusted or run: malformed flatbuffer, inconsistent tensor, unsupported
 * operator. The message names the file and the tensor or operator at fault.
 */
public class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
