package dev.edgetl.devices.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgetl.devices.testing.SshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh connector against a real OpenSSH server on 127.0.0.1 (see {@link SshServer}). */
class SshConnectorTest {
    @TempDir static Path dir;
    static SshServer server;
    static SshConnector ssh;

    @BeforeAll
    static void start() throws Exception {
        server = SshServer.start(Files.createDirectories(dir.resolve("sshd")));
        ssh = server.connector(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ssh != null) ssh.close();
        if (server != null) server.close();
    }

    @Test
    void putFetchChecksumAndRunWithHostileFileNames() throws Exception {
        Path remote = Files.createDirectories(dir.resolve("remote edgetl"));
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        Path local = Files.write(dir.resolve("model.bin"), data);
        // the remote shell starts in the home folder: an unquoted $(touch ...) would create the marker there
        Path marker = Path.of(System.getProperty("user.home"), "edgetl-quoting-marker");
        String name = remote.resolve("we ird ' \"q\" $(touch edgetl-quoting-marker) ; `id` .bin").toString();
        ssh.put(local, name);
        assertThat(Files.readAllBytes(Path.of(name))).isEqualTo(data);
        assertThat(ssh.sha256(name)).isEqualTo(ShellConnector.sha256Local(local));
        assertThat(marker).doesNotExist();
        try (Stream<Path> s = Files.list(remote)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part-"));
        }
        Path back = dir.resolve("back.bin");
        ssh.fetch(name, back);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);

        ExecResult r = ssh.run(List.of("printf", "%s|", "a b", "$HOME", "'q'", "x;y", "*"), Duration.ofSeconds(30));
        assertThat(r.stdoutText()).isEqualTo("a b|$HOME|'q'|x;y|*|");
    }

    @Test
    void probesTheArchitectureOfTheRemoteJvm() {
        assertThat(ssh.probeArchitecture()).isEqualTo("x86_64");
    }

    @Test
    void failingRemoteCommandsSayWhichCommandAndExitCode() {
        assertThatThrownBy(() -> ssh.run(List.of("sh", "-c", "echo boom >&2; exit 3"), Duration.ofSeconds(30)))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("failed with exit code 3").hasMessageContaining("boom");
    }

    @Test
    void unreachableHostIsReported() throws Exception {
        int closed = SshServer.freePort();
        try (SshConnector c = new SshConnector(null, "127.0.0.1", closed, server.clientOptions(server.clientKey, server.knownHosts), List.of("java"))) {
            assertThatThrownBy(() -> c.run(List.of("true"), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.UNREACHABLE))
                .hasMessageContaining("unreachable").hasMessageContaining("Connection refused");
        }
    }

    @Test
    void failedAuthenticationIsReported() throws Exception {
        Path otherKey = dir.resolve("stranger_ed25519");
        if (!Files.exists(otherKey)) SshServer.keygen(otherKey);
        try (SshConnector c = new SshConnector(System.getProperty("user.name"), "127.0.0.1", server.port,
                server.clientOptions(otherKey, server.knownHosts), List.of("java"))) {
            assertThatThrownBy(() -> c.run(List.of("true"), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.AUTHENTICATION))
                .hasMessageContaining("authentication failed");
        }
    }

    @Test
    void unknownHostKeyIsRefusedEvenIfTheUserAsksToSkipTheCheck() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        List<String> opts = new java.util.ArrayList<>(server.clientOptions(server.clientKey, empty));
        opts.add("-o");
        opts.add("StrictHostKeyChecking=no");
        try (SshConnector c = new SshConnector(System.getProperty("user.name"), "127.0.0.1", server.port, opts, List.of("java"))) {
            assertThatThrownBy(() -> c.run(List.of("true"), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.HOST_KEY))
                .hasMessageContaining("host key verification failed");
        }
        assertThat(Files.readString(empty)).isEmpty();
    }

    @Test
    void fullDiskLeavesNothingBehind() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full-edgetl"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", full.toString()).redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted,
                "cannot mount a 256 KB tmpfs here (needs root / CAP_SYS_ADMIN): the full-disk case is not exercised");
        try {
            byte[] big = new byte[1_000_000];
            Path local = Files.write(dir.resolve("big.bin"), big);
            String target = full.resolve("model.tflite").toString();
            assertThatThrownBy(() -> ssh.put(local, target))
                    .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.COPY_FAILED))
                    .hasMessageContaining("disk is full").hasMessageContaining("nothing was left at the destination");
            try (Stream<Path> s = Files.list(full)) {
                assertThat(s.toList()).isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", full.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRemoteProcessKilledMidRunIsReported() throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        Files.deleteIfExists(pidFile);
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> ssh.run(
                List.of("sh", "-c", "echo $$ > \"$0\"; exec sleep 60", pidFile.toString()), Duration.ofSeconds(90)));
        long deadline = System.currentTimeMillis() + 20_000;
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        // the process this test started (through sshd), ended by its id
        assertThat(ProcessHandle.of(pid)).isPresent();
        ProcessHandle.of(pid).get().destroyForcibly();
        assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DeviceException.class)
                .cause().isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.KILLED))
                .hasMessageContaining("killed");
    }
}
