package dev.edgetl.devices.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.List;

/**
 * Parses a deploy target: {@code local}, {@code qemu[:SYSROOT]}, {@code ssh://[user@]host[:port]},
 * {@code adb[:serial]}. {@code remoteJava} (split on spaces) is how java is started on ssh/adb devices.
 */
public final class Targets {
    private Targets() {}

    public static Connector parse(String target, String remoteJava, List<String> sshOptions) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("empty target: use local, qemu, ssh://user@host[:port] or adb[:serial]");
        }
        List<String> java = ShellConnector.split(remoteJava == null || remoteJava.isBlank() ? "java" : remoteJava);
        if (target.equals("local")) {
            return remoteJava == null ? new LocalConnector() : new LocalConnector(java);
        }
        if (target.equals("qemu")) {
            return new QemuConnector(QemuConnector.defaultSysroot());
        }
        if (target.startsWith("qemu:")) {
            return new QemuConnector(Paths.get(target.substring("qemu:".length())));
        }
        if (target.equals("adb")) {
            return new AdbConnector(null, java);
        }
        if (target.startsWith("adb:")) {
            return new AdbConnector(target.substring("adb:".length()), java);
        }
        if (target.startsWith("ssh://")) {
            URI uri;
            try {
                uri = new URI(target);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("invalid ssh target '" + target + "': " + e.getMessage());
            }
            if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw new IllegalArgumentException("invalid ssh target '" + target + "': expected ssh://[user@]host[:port]");
            }
            return new SshConnector(uri.getUserInfo(), uri.getHost(), uri.getPort(), sshOptions, java);
        }
        throw new IllegalArgumentException("unknown target '" + target + "': use local, qemu, ssh://user@host[:port] or adb[:serial]");
    }
}
