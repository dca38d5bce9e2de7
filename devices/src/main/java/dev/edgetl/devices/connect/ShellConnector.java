package dev.edgetl.devices.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A connector whose device is driven through a POSIX shell command string (local {@code sh -c}, {@code ssh host cmd},
 * {@code adb shell cmd}). Files travel through the command's stdin/stdout ({@code cat}), so nothing but the shell and
 * coreutils (or toybox) is needed on the device.
 */
public abstract class ShellConnector implements Connector {
    static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);
    static final Duration SHORT = Duration.ofMinutes(2);
    /** Copy into the temporary name; remove it again if the copy fails (e.g. disk full). */
    private static final String RECEIVE = "cat > \"$1\" || { rc=$?; rm -f \"$1\"; exit $rc; }";

    /** The local command line that runs {@code shellCommand} on the device. */
    protected abstract List<String> wrap(String shellCommand);

    /** Recognises failures of the transport itself (ssh exit 255, adb "device not found"); null when none. */
    protected DeviceException transportFailure(ExecResult r) {
        return null;
    }

    protected ExecResult execShell(String shellCommand, Path stdin, OutputStream stdout, Duration timeout) {
        ExecResult r = Processes.run(wrap(shellCommand), stdin, stdout, timeout);
        DeviceException transport = transportFailure(r);
        if (transport != null) {
            throw transport;
        }
        return r;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) {
        return execShell(ShellQuote.join(argv), null, null, timeout);
    }

    @Override
    public void put(Path local, String remotePath) {
        String tmp = remotePath + ".part-" + UUID.randomUUID().toString().substring(0, 8);
        String expected = sha256Local(local);
        try {
            copyTo(local, tmp);
            String actual = sha256(tmp);
            if (!expected.equals(actual)) {
                throw new DeviceException(DeviceException.Kind.CHECKSUM_MISMATCH, "on " + describe() + ": " + remotePath
                        + " arrived with sha256 " + actual + ", expected " + expected + " (" + local + ")");
            }
            run(List.of("mv", "-f", tmp, remotePath), SHORT);
        } catch (RuntimeException e) {
            try {
                exec(List.of("rm", "-f", tmp), SHORT);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            DeviceException.Kind kind = e instanceof DeviceException de && de.kind() != DeviceException.Kind.COMMAND_FAILED
                    ? de.kind() : DeviceException.Kind.COPY_FAILED;
            throw new DeviceException(kind, "copying " + local + " to " + describe() + ":" + remotePath
                    + " failed; nothing was left at the destination: " + e.getMessage(), e);
        }
    }

    /** Copies {@code local} to {@code tmp} on the device. */
    protected void copyTo(Path local, String tmp) {
        List<String> argv = List.of("sh", "-c", RECEIVE, "sh", tmp);
        ExecResult r = execShell(ShellQuote.join(argv), local, null, COPY_TIMEOUT);
        if (!r.ok()) {
            throw Failures.commandFailed(describe(), List.of("cat", ">", tmp), r);
        }
    }

    @Override
    public void fetch(String remotePath, Path local) {
        Path tmp = local.resolveSibling(local.getFileName() + ".part-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(local.toAbsolutePath().getParent());
            ExecResult r;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                r = execShell(ShellQuote.join(List.of("cat", remotePath)), null, out, COPY_TIMEOUT);
            }
            if (!r.ok()) {
                throw Failures.commandFailed(describe(), List.of("cat", remotePath), r);
            }
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.COPY_FAILED, "fetching " + remotePath + " from " + describe() + " to " + local + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary name never shadows the result
            }
        }
    }

    @Override
    public String sha256(String remotePath) {
        ExecResult r = run(List.of("sha256sum", remotePath), SHORT);
        String out = r.stdoutText().trim();
        int space = out.indexOf(' ');
        String hex = space > 0 ? out.substring(0, space) : out;
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new DeviceException(DeviceException.Kind.COMMAND_FAILED, "on " + describe() + ": unexpected sha256sum output: " + out);
        }
        return hex;
    }

    @Override
    public void mkdirs(String remoteDir) {
        run(List.of("mkdir", "-p", remoteDir), SHORT);
    }

    @Override
    public void removeTree(String remoteDir) {
        checkOurs(remoteDir);
        run(List.of("rm", "-rf", remoteDir), SHORT);
    }

    static void checkOurs(String dir) {
        if (!dir.startsWith("/") || !dir.contains("edgetl") || dir.contains("..") || dir.equals("/")) {
            throw new IllegalArgumentException("refusing to remove '" + dir + "': not an absolute edgetl work folder");
        }
    }

    public static String sha256Local(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.COPY_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> split(String command) {
        List<String> out = new ArrayList<>();
        for (String s : command.trim().split("\\s+")) {
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
