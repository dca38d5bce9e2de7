package dev.edgetl.devices.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One way to reach a device: copy files there (atomically and checksum-verified), run commands, fetch results,
 * clean up, and learn the architecture of the runtime that will run our jar. Every command is an argument list;
 * implementations quote each argument for the device's shell.
 */
public interface Connector extends AutoCloseable {
    /** Human-readable target, e.g. {@code ssh pi@board:22}. */
    String describe();

    /** Runs {@code argv} on the device; the result carries the exit code (transport failures throw). */
    ExecResult exec(List<String> argv, Duration timeout);

    /** Runs {@code argv} and throws a {@link DeviceException} naming the command when it fails. */
    default ExecResult run(List<String> argv, Duration timeout) {
        ExecResult r = exec(argv, timeout);
        if (!r.ok()) {
            throw Failures.commandFailed(describe(), argv, r);
        }
        return r;
    }

    /**
     * Copies {@code local} to {@code remotePath}: to a temporary name beside it first, checks its sha256 there, then
     * renames it into place. On any failure the temporary file is removed and nothing exists at {@code remotePath}
     * that was not there before.
     */
    void put(Path local, String remotePath);

    /** Copies a device file to {@code local} (written to a temporary file, then renamed). */
    void fetch(String remotePath, Path local);

    /** sha256 (lower-case hex) of a file on the device, computed there. */
    String sha256(String remotePath);

    void mkdirs(String remoteDir);

    /** Removes a folder this tool created on the device (refuses paths that do not look like ours). */
    void removeTree(String remoteDir);

    /** The folder under which to create a work folder ({@code /tmp}, {@code /data/local/tmp}, ...). */
    String tempBase();

    /** The command that starts a JVM on the device (its arguments follow). */
    List<String> javaCommand();

    /** Releases what the connector holds (e.g. ssh's shared connection); nothing by default. */
    @Override
    default void close() {}

    /** The canonical architecture ({@code aarch64}, {@code armv7}, {@code x86_64}) of the device's JVM. */
    default String probeArchitecture() {
        return Failures.probeArchitecture(this);
    }
}
