package dev.edgetl.devices.profiles;

/** A profile that cannot be used, with the file and the field at fault in the message. */
public class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
