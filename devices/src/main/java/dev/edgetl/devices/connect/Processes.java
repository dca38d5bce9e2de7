package dev.edgetl.devices.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a local process (ssh, adb, sh, qemu) with an optional stdin file, capturing its output, with a timeout. */
final class Processes {
    static final int MAX_STDERR = 64 * 1024;

    private Processes() {}

    static ExecResult run(List<String> command, Path stdinFile, OutputStream stdoutSink, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdinFile == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        } else {
            pb.redirectInput(stdinFile.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.NOT_AVAILABLE, "cannot start '" + command.get(0) + "': " + e.getMessage()
                    + " (is it installed and on PATH?)", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream sink = stdoutSink != null ? stdoutSink : out;
        CompletableFuture<Void> outPump = CompletableFuture.runAsync(() -> pump(p.getInputStream(), sink, Long.MAX_VALUE));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Void> errPump = CompletableFuture.runAsync(() -> pump(p.getErrorStream(), err, MAX_STDERR));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new DeviceException(DeviceException.Kind.TIMEOUT, "'" + String.join(" ", command) + "' did not finish within "
                        + timeout.toSeconds() + " s (killed)");
            }
            outPump.get(30, TimeUnit.SECONDS);
            errPump.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Kind.KILLED, "interrupted while running " + command.get(0), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DeviceException(DeviceException.Kind.COMMAND_FAILED, "lost the output of " + command.get(0) + ": " + e.getMessage(), e);
        }
        return new ExecResult(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static void pump(InputStream in, OutputStream out, long limit) {
        byte[] buf = new byte[65536];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (total < limit) {
                    out.write(buf, 0, (int) Math.min(n, limit - total));
                }
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The executable {@code name} on PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static java.io.File nullDevice() {
        Path dev = Path.of("/dev/null");
        return Files.exists(dev) ? dev.toFile() : new java.io.File("NUL");
    }
}
