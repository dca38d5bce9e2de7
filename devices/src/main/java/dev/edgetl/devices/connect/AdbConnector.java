package dev.edgetl.devices.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An Android device through the {@code adb} binary ({@code $ADB} or {@code adb} on PATH): files with
 * {@code adb push}/{@code adb pull} (into a temporary name, checked, then renamed with {@code mv}), commands with
 * {@code adb shell} as one quoted string. Work folders live under {@code /data/local/tmp}.
 */
public final class AdbConnector extends ShellConnector {
    private final String adb;
    private final String serial;
    private final List<String> java;

    public AdbConnector(String serial, List<String> javaCommand) {
        this(defaultAdb(), serial, javaCommand);
    }

    /** With an explicit adb binary (tests use a fake one that emulates a device with a local folder). */
    public AdbConnector(String adbBinary, String serial, List<String> javaCommand) {
        this.adb = adbBinary;
        if (serial != null && (serial.isEmpty() || serial.startsWith("-"))) {
            throw new IllegalArgumentException("invalid adb serial '" + serial + "'");
        }
        this.serial = serial;
        this.java = List.copyOf(javaCommand);
    }

    private static String defaultAdb() {
        String env = System.getenv("ADB");
        return env != null && !env.isBlank() ? env : "adb";
    }

    private List<String> base() {
        List<String> cmd = new ArrayList<>();
        cmd.add(adb);
        if (serial != null) {
            cmd.add("-s");
            cmd.add(serial);
        }
        return cmd;
    }

    @Override
    protected List<String> wrap(String shellCommand) {
        List<String> cmd = base();
        cmd.add("shell");
        cmd.add(shellCommand);
        return cmd;
    }

    @Override
    protected DeviceException transportFailure(ExecResult r) {
        String err = r.stderr();
        if (err.contains("no devices/emulators found") || err.contains("not found") && err.contains("device '")
                || err.contains("device offline")) {
            return new DeviceException(DeviceException.Kind.UNREACHABLE, describe() + ": no such device: " + Failures.tail(err));
        }
        if (err.contains("unauthorized")) {
            return new DeviceException(DeviceException.Kind.AUTHENTICATION, describe()
                    + ": device unauthorized (accept the RSA key prompt on the device): " + Failures.tail(err));
        }
        return null;
    }

    @Override
    protected ExecResult copyVerifyRename(Path local, String tmp, String dst, String sha256) {
        List<String> cmd = base();
        cmd.add("push");
        cmd.add(local.toString());
        cmd.add(tmp);
        ExecResult r = Processes.run(cmd, null, null, COPY_TIMEOUT);
        DeviceException t = transportFailure(r);
        if (t != null) throw t;
        if (!r.ok()) {
            exec(List.of("rm", "-f", tmp), SHORT);
            return r;
        }
        return exec(List.of("sh", "-c", VERIFY_AND_RENAME, "sh", tmp, dst, sha256), COPY_TIMEOUT);
    }

    @Override
    public void fetch(String remotePath, Path local) {
        Path tmp = local.resolveSibling(local.getFileName() + ".part-" + UUID.randomUUID().toString().substring(0, 8));
        List<String> cmd = base();
        cmd.add("pull");
        cmd.add(remotePath);
        cmd.add(tmp.toString());
        try {
            ExecResult r = Processes.run(cmd, null, null, COPY_TIMEOUT);
            DeviceException t = transportFailure(r);
            if (t != null) throw t;
            if (!r.ok()) throw Failures.commandFailed(describe(), cmd, r);
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.COPY_FAILED, "pulling " + remotePath + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public String describe() {
        return "adb" + (serial == null ? "" : ":" + serial);
    }

    @Override
    public String tempBase() {
        return "/data/local/tmp";
    }

    @Override
    public List<String> javaCommand() {
        return java;
    }
}
