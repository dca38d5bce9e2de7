package dev.edgetl.trainer.importers;

/** Pretrained weights that can not be mapped onto the chosen architecture; the message names the file and layer. */
public class ImportException extends RuntimeException {
    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
