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
    static final int CHECKSUM_EXIT = 98;
    static final int NO_SHA256_EXIT = 97;
    /** Copy stdin into the temporary name $1; remove it again if the copy fails (e.g. disk full). */
    static final String RECEIVE = "cat > \"$1\" || { rc=$?; rm -f \"$1\"; exit $rc; }\n";
    /** Check $1's sha256 against $3, then rename $1 to $2; the temporary file never survives a failure. */
    static final String VERIFY_AND_RENAME = """
            got=$(sha256sum "$1") || { rm -f "$1"; echo "sha256sum failed" >&2; exit 97; }
            got=${got%% *}
            if [ "$got" != "$3" ]; then rm -f "$1"; echo "sha256 on the device: $got" >&2; exit 98; fi
            mv -f "$1" "$2" || { rc=$?; rm -f "$1"; exit $rc; }
            """;

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
            ExecResult r = copyVerifyRename(local, tmp, remotePath, expected);
            if (r.exitCode() == CHECKSUM_EXIT) {
                throw new DeviceException(DeviceException.Kind.CHECKSUM_MISMATCH, "on " + describe() + ": " + remotePath
                        + " arrived with a different sha256 than " + local + " (" + expected + "): " + Failures.tail(r.stderr()));
            }
            if (r.exitCode() == NO_SHA256_EXIT) {
                throw new DeviceException(DeviceException.Kind.NOT_AVAILABLE, "on " + describe() + ": sha256sum is not available on the device: "
                        + Failures.tail(r.stderr()));
            }
            if (!r.ok()) {
                throw Failures.commandFailed(describe(), List.of("cat", ">", tmp), r);
            }
        } catch (RuntimeException e) {
            // the device-side script removes the temporary file itself; this covers a lost connection
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

    /**
     * Sends {@code local} into {@code tmp}, checks its sha256 on the device and renames it to {@code dst}, in one
     * device command (one round trip): exit {@link #CHECKSUM_EXIT} on a checksum mismatch.
     */
    protected ExecResult copyVerifyRename(Path local, String tmp, String dst, String sha256) {
        List<String> argv = List.of("sh", "-c", RECEIVE + VERIFY_AND_RENAME, "sh", tmp, dst, sha256);
        return execShell(ShellQuote.join(argv), local, null, COPY_TIMEOUT);
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
