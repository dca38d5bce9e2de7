package dev.edgetl.runtime.app;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that cannot be used, with a message that names the file and says why. */
public final class ImageDecodeException extends IOException {
    public ImageDecodeException(Path file, String reason) {
        super(file + ": " + reason);
    }

    public ImageDecodeException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
    }
}
