package dev.edgetl.devices.profiles;

/** A device id that no profile has: a usage error (exit code 2), unlike a profile file that cannot be read. */
public class UnknownDeviceException extends ProfileException {
    public UnknownDeviceException(String message) {
        super(message);
    }
}
