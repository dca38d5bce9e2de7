package dev.edgetl.devices.connect;

import dev.edgetl.devices.profiles.Architectures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns exit codes and stderr of device commands into clear {@link DeviceException}s. */
final class Failures {
    private Failures() {}

    static DeviceException commandFailed(String target, List<String> argv, ExecResult r) {
        String err = tail(r.stderr());
        String cmd = ShellQuote.join(argv);
        if (r.exitCode() == 137 || r.exitCode() == 143 || r.exitCode() == 130 || err.contains("Killed")) {
            return new DeviceException(DeviceException.Kind.KILLED, "on " + target + ": '" + abbreviate(cmd) + "' was killed (exit "
                    + r.exitCode() + ")" + (err.isEmpty() ? "" : ": " + err));
        }
        if (err.contains("No space left on device")) {
            return new DeviceException(DeviceException.Kind.COPY_FAILED, "on " + target + ": the device's disk is full: " + err);
        }
        return new DeviceException(DeviceException.Kind.COMMAND_FAILED, "on " + target + ": '" + abbreviate(cmd) + "' failed with exit code "
                + r.exitCode() + (err.isEmpty() ? "" : ": " + err));
    }

    static String probeArchitecture(Connector c) {
        List<String> argv = new ArrayList<>(c.javaCommand());
        argv.add("-XshowSettings:properties");
        argv.add("-version");
        ExecResult r = c.exec(argv, Duration.ofMinutes(2));
        if (!r.ok()) {
            throw new DeviceException(DeviceException.Kind.NOT_AVAILABLE, "on " + c.describe() + ": cannot start the JVM '"
                    + String.join(" ", c.javaCommand()) + "' (exit " + r.exitCode() + "): " + tail(r.stderr()));
        }
        for (String line : (r.stderr() + "\n" + r.stdoutText()).split("\n")) {
            String t = line.trim();
            if (t.startsWith("os.arch = ")) {
                return Architectures.canonical(t.substring("os.arch = ".length()));
            }
        }
        throw new DeviceException(DeviceException.Kind.NOT_AVAILABLE, "on " + c.describe() + ": the JVM did not report os.arch: " + tail(r.stderr()));
    }

    static String tail(String s) {
        String t = s == null ? "" : s.trim();
        return t.length() <= 800 ? t : "..." + t.substring(t.length() - 800);
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
