package dev.edgetl.devices.connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * An emulated arm64 board on this machine: files stay local, and java is the arm64 OpenJDK 17 from Debian packages
 * unpacked into a sysroot (see {@code .ci/install-test-deps}), run by {@code qemu-aarch64-static -L sysroot}.
 * 4-20x slower than native: for functional checks, not for timing.
 */
public final class QemuConnector extends LocalConnector {
    public static final String JRE = "usr/lib/jvm/java-17-openjdk-arm64/bin/java";

    private final Path sysroot;

    public QemuConnector(Path sysroot) {
        super(command(sysroot));
        this.sysroot = sysroot;
    }

    /** Where .ci/install-test-deps puts the sysroot: $EDGETL_ARM64_SYSROOT, else ~/.cache/edgetl/arm64-sysroot. */
    public static Path defaultSysroot() {
        String env = System.getenv("EDGETL_ARM64_SYSROOT");
        if (env != null && !env.isBlank()) return Paths.get(env);
        String cache = System.getenv("EDGETL_CACHE");
        Path base = cache != null && !cache.isBlank() ? Paths.get(cache) : Paths.get(System.getProperty("user.home"), ".cache", "edgetl");
        return base.resolve("arm64-sysroot");
    }

    /** Null when usable, else what is missing. */
    public static String unavailableReason(Path sysroot) {
        if (Processes.onPath("qemu-aarch64-static") == null) {
            return "qemu-aarch64-static is not on PATH (apt-get install qemu-user-static, or run .ci/install-test-deps as root)";
        }
        if (!Files.isExecutable(sysroot.resolve(JRE))) {
            return "no arm64 JRE at " + sysroot.resolve(JRE) + " (run .ci/install-test-deps as root, or set EDGETL_ARM64_SYSROOT)";
        }
        return null;
    }

    static List<String> command(Path sysroot) {
        String reason = unavailableReason(sysroot);
        if (reason != null) {
            throw new DeviceException(DeviceException.Kind.NOT_AVAILABLE, "qemu target unavailable: " + reason);
        }
        return List.of("qemu-aarch64-static", "-L", sysroot.toString(), sysroot.resolve(JRE).toString());
    }

    @Override
    public String describe() {
        return "qemu-aarch64 (" + sysroot + ")";
    }
}
