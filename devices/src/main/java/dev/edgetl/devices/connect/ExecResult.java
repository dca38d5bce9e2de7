package dev.edgetl.devices.connect;

import java.nio.charset.StandardCharsets;

/** Exit code and output of a command run on a device. */
public record ExecResult(int exitCode, byte[] stdout, String stderr) {
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
