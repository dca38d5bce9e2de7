package dev.edgetl.softsensor.data;

/** Bad or unusable sensor data; the message names the file, line and column at fault. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }
}
