package dev.edgetl.trainer.data;

/** A dataset that can not be trained on; thrown before any training starts, with the folder at fault. */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }
}
