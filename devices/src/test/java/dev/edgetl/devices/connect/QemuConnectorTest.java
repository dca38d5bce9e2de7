package dev.edgetl.devices.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.devices.testing.ProbeProgram;
import dev.edgetl.devices.testing.SystemParts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arm64 JVM under qemu-aarch64 (behind a real sshd: DeployerTest's end-to-end test). */
class QemuConnectorTest {
    @TempDir static Path dir;
    static Path sysroot;
    static Path jar;
    static String hostDigest;

    @BeforeAll
    static void setUp() throws Exception {
        sysroot = QemuConnector.defaultSysroot();
        SystemParts.require(QemuConnector.unavailableReason(sysroot));
        jar = ProbeProgram.buildJar(dir);
        ExecResult host = new LocalConnector().run(ProbeProgram.args(new LocalConnector().javaCommand(), jar, "x"), Duration.ofMinutes(1));
        assertThat(host.stdoutText()).contains("os.arch=amd64");
        hostDigest = host.stdoutText().lines().filter(l -> l.startsWith("digest=")).findFirst().orElseThrow();
    }

    @Test
    void runsAJavaProgramOnTheArm64JvmWithTheSameFloatResultsAsX86() {
        QemuConnector qemu = new QemuConnector(sysroot);
        assertThat(qemu.probeArchitecture()).isEqualTo("aarch64");
        ExecResult r = qemu.run(ProbeProgram.args(qemu.javaCommand(), jar, "a b", "$HOME"), Duration.ofMinutes(3));
        assertThat(r.stdoutText()).contains("os.arch=aarch64").contains("args=a b|$HOME").contains(hostDigest);
    }

    @Test
    void wrongArchitectureIsVisibleInTheProbe() {
        // The same files run by the host JVM report x86_64: deploy compares this with the profile (see DeployerTest).
        assertThat(new LocalConnector().probeArchitecture()).isEqualTo("x86_64");
    }
}
