package dev.edgetl.trainer.export;

/** A network that can not be written as the requested TFLite graph; the message names the layer. */
public class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message);
    }
}
