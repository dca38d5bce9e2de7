package dev.edgetl.devices.connect;

/** A failure on or on the way to a device, classified so the command can say what went wrong and exit non-zero. */
public class DeviceException extends RuntimeException {
    public enum Kind { UNREACHABLE, AUTHENTICATION, HOST_KEY, COPY_FAILED, CHECKSUM_MISMATCH, COMMAND_FAILED, KILLED, TIMEOUT, WRONG_ARCHITECTURE, NOT_AVAILABLE }

    private final Kind kind;

    public DeviceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DeviceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
