package dev.edgetl.devices.connect;

import java.nio.file.Path;
import java.util.List;

/** Test access to the qemu java command line, for putting the emulated JVM behind sshd. */
public final class QemuConnectorAccess {
    private QemuConnectorAccess() {}

    public static List<String> command(Path sysroot) {
        return QemuConnector.command(sysroot);
    }
}
