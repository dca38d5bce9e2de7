package dev.edgetl.trainer.weights;

/** Published weights could not be obtained: network error, HTTP status, sha256 mismatch or offline without a cached copy. */
public final class WeightDownloadException extends RuntimeException {
    public WeightDownloadException(String message) {
        super(message);
    }

    public WeightDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
