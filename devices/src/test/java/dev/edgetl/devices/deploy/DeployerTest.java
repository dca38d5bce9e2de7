package dev.edgetl.devices.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.devices.command.DeployCommand;
import dev.edgetl.devices.connect.DeviceException;
import dev.edgetl.devices.connect.QemuConnector;
import dev.edgetl.devices.connect.SshConnector;
import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.devices.testing.SshServer;
import dev.edgetl.devices.testing.StandInRuntime;
import dev.edgetl.devices.testing.SystemParts;
import dev.edgetl.runtime.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy end to end over a real sshd into the arm64 JVM under qemu; the step-by-step mechanics and faults through the
 * local connector (each ssh command costs seconds on this machine: the root account's .bashrc runs pyenv init, and
 * the ssh connector has its own tests). The runtime jar is
 * a STAND-IN that speaks edge-runtime's command-line contract without interpreting the model ({@link StandInRuntime}):
 * these tests prove the deploy mechanics (copy, checksums, self-check, bench, fetch, compare, cleanup, faults), not
 * the runtime's arithmetic.
 */
class DeployerTest {
    @TempDir static Path dir;
    static SshServer server;
    static Path jar;
    static Path modelDir;
    static Path model;
    static byte[] goldenIn;
    static byte[] goldenOut;
    static final ProfileCatalog CATALOG = ProfileCatalog.builtin();
    static final List<String> HOST_JAVA = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());

    @BeforeAll
    static void setUp() throws Exception {
        server = SshServer.start(Files.createDirectories(dir.resolve("sshd")));
        jar = StandInRuntime.buildJar(dir);
        modelDir = Files.createDirectories(dir.resolve("model"));
        model = Files.copy(Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), modelDir.resolve("mobilenet_v1_0.25_128_quant.tflite"));
        Files.copy(Fixtures.model("imagenet_labels.txt"), modelDir.resolve("labels.txt"));
        goldenIn = new byte[128 * 128 * 3];
        new Random(7).nextBytes(goldenIn);
        byte first = Files.readAllBytes(model)[0];
        goldenOut = goldenIn.clone();
        for (int i = 0; i < goldenOut.length; i++) goldenOut[i] ^= first;
        writeCard(goldenOut);
    }

    static void writeCard(byte[] expected) throws Exception {
        Files.write(modelDir.resolve("golden-0.in.bin"), goldenIn);
        Files.writeString(modelDir.resolve("model.json"), new ObjectMapper().writeValueAsString(Map.of(
                "labelsFile", "labels.txt",
                "golden", List.of(Map.of("input", "golden-0.in.bin", "outputBase64", Base64.getEncoder().encodeToString(expected))))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static DeployRequest request(String device, boolean bench, int runs, boolean keep, Path images) {
        return new DeployRequest(device, model, jar, null, images, bench, 1, 1, runs, keep, 1000.0, Duration.ofMinutes(5));
    }

    static Deployer deployer(List<String> log) {
        return new Deployer(CATALOG, Calibration.builtin(), log::add);
    }

    /** The real runtime jar when it has been built ($EDGETL_RUNTIME_JAR or edge-runtime/app/target in the repo), else null. */
    static Path realRuntimeJar() {
        String env = System.getenv("EDGETL_RUNTIME_JAR");
        if (env != null && !env.isBlank() && Files.isRegularFile(Path.of(env))) return Path.of(env);
        String root = System.getenv("EDGETL_REPO_ROOT");
        Path p = Path.of(root == null ? ".." : root, "edge-runtime", "app", "target", "edge-runtime.jar");
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * The whole loop over a real sshd into the arm64 JVM under qemu. With the real runtime jar (when built), the golden
     * pair is the x86 run's output, so the self-check proves the arm64 run equal byte for byte, and the bird image must
     * come out "chickadee"; without it, the stand-in jar checks the mechanics only.
     */
    @Test
    void endToEndOverSshIntoTheEmulatedArm64Board() throws Exception {
        Path sysroot = QemuConnector.defaultSysroot();
        SystemParts.require(QemuConnector.unavailableReason(sysroot));
        Path real = realRuntimeJar();
        Path runtime = real != null ? real : jar;
        Path e2e = Files.createDirectories(dir.resolve("e2e"));
        Path e2eModel = Files.copy(model, e2e.resolve(model.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(modelDir.resolve("labels.txt"), e2e.resolve("labels.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path in = Files.write(e2e.resolve("golden-0.in.bin"), goldenIn);
        Path x86Out = e2e.resolve("golden-0.x86.bin");
        new dev.edgetl.devices.connect.LocalConnector(HOST_JAVA).run(List.of(HOST_JAVA.get(0), "-jar", runtime.toString(), "run",
                "--model", e2eModel.toString(), "--input-tensor", in.toString(), "--output-tensor", x86Out.toString()), Duration.ofMinutes(2));
        Files.writeString(e2e.resolve("model.json"), new ObjectMapper().writeValueAsString(Map.of(
                "labelsFile", "labels.txt", "golden", List.of(Map.of("input", "golden-0.in.bin", "output", "golden-0.x86.bin")))));
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(Fixtures.image("bird.bmp"), images.resolve("bird.bmp"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> log = new ArrayList<>();
        DeployReport r;
        try (SshConnector board = server.connector(dev.edgetl.devices.connect.QemuConnectorAccess.command(sysroot))) {
            DeployRequest req = new DeployRequest("raspberry-pi-4", e2eModel, runtime, null, images, true, 1, 1, 2, false, 1000.0,
                    Duration.ofMinutes(8));
            r = deployer(log).deploy(req, board);
        }
        System.out.println("deploy e2e (" + (real != null ? "real runtime " + real : "stand-in runtime") + "): " + log);

        assertThat(r.get("deviceArchitecture")).isEqualTo("aarch64");
        @SuppressWarnings("unchecked") Map<String, String> copied = (Map<String, String>) r.get("copied");
        assertThat(copied.keySet()).anyMatch(k -> k.endsWith("/edge-runtime.jar")).anyMatch(k -> k.endsWith(".tflite"))
                .anyMatch(k -> k.endsWith("/labels.txt")).anyMatch(k -> k.endsWith("/model.json"));
        @SuppressWarnings("unchecked") Map<String, Object> check = (Map<String, Object>) r.get("selfCheck");
        assertThat(check.get("status")).as("arm64 output equals the x86 output byte for byte").isEqualTo("passed");
        JsonNode bench = (JsonNode) r.get("bench");
        assertThat(bench.get("runs").asInt()).isEqualTo(2);
        assertThat((String) r.get("comparison")).contains("measured").contains("estimate");
        JsonNode classification = (JsonNode) r.get("classification");
        if (real != null) {
            assertThat(bench.get("jdk").asText()).as("the bench ran on the arm64 Debian JDK").contains("Debian");
            assertThat(classification.toString()).contains("chickadee");
        } else {
            assertThat(bench.get("osArch").asText()).isEqualTo("aarch64");
            assertThat(classification.get("images").get(0).asText()).isEqualTo("bird.bmp");
        }
        assertThat(r.get("cleanedUp")).isEqualTo(true);
        assertThat(Path.of((String) r.get("workDir"))).doesNotExist();
        assertThat(log).anyMatch(l -> l.startsWith("estimate "));
    }

    @Test
    void keepLeavesTheVerifiedFilesOnTheDevice() throws Exception {
        dev.edgetl.devices.connect.LocalConnector board = new dev.edgetl.devices.connect.LocalConnector(HOST_JAVA);
        DeployReport r = deployer(new ArrayList<>()).deploy(request("host", false, 1, true, null), board);
        Path work = Path.of((String) r.get("kept"));
        try (board) {
            assertThat(work.resolve("edge-runtime.jar")).exists();
            assertThat(dev.edgetl.devices.connect.ShellConnector.sha256Local(work.resolve(model.getFileName())))
                    .isEqualTo(dev.edgetl.devices.connect.ShellConnector.sha256Local(model));
            try (Stream<Path> s = Files.list(work)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part"));
            }
            assertThat(r.notes()).noneMatch(n -> n.contains("self-check skipped"));
        } finally {
            board.removeTree(work.toString());
        }
    }

    @Test
    void aBenchOnTheHostBecomesACalibrationPointForLaterEstimates() throws Exception {
        Path cal = dir.resolve("my-calibration.json");
        try (dev.edgetl.devices.connect.LocalConnector board = new dev.edgetl.devices.connect.LocalConnector(HOST_JAVA)) {
            DeployRequest req = new DeployRequest("host", model, jar, null, null, true, 1, 1, 5, false, null, Duration.ofMinutes(5), cal);
            DeployReport r = deployer(new ArrayList<>()).deploy(req, board);
            assertThat(r.get("calibrationSaved")).isEqualTo(cal.toString());
        }
        Calibration withOurs = new Calibration(List.of()).withFile(cal);
        var point = withOurs.points().get(withOurs.points().size() - 1);
        assertThat(point.runtime()).isEqualTo("edgetl");
        assertThat(point.architecture()).isEqualTo("x86_64");
        assertThat(point.source()).contains("measured by edgetl deploy --bench");
        var e = new dev.edgetl.devices.estimate.Estimator(CATALOG, withOurs)
                .estimate(dev.edgetl.devices.estimate.ModelCost.of(dev.edgetl.runtime.format.ModelReader.read(model)), CATALOG.get("host"), "edgetl", 1);
        // the only point is this measurement of this model on this host: the estimate reproduces it (plus the small
        // memory-bound term of the MAC-free ops)
        assertThat(e.latencyMs()).isCloseTo(point.latencyMs(), org.assertj.core.api.Assertions.withinPercentage(5));
        assertThat(Calibration.builtin().withFile(cal).points()).hasSize(Calibration.builtin().points().size() + 1);
    }

    @Test
    void wrongArchitectureStopsBeforeCopyingAnything() {
        DeployReport report = new DeployReport();
        try (dev.edgetl.devices.connect.LocalConnector board = new dev.edgetl.devices.connect.LocalConnector(HOST_JAVA)) {
            assertThatThrownBy(() -> deployer(new ArrayList<>()).deploy(request("raspberry-pi-4", true, 1, false, null), board, report))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.WRONG_ARCHITECTURE))
                .hasMessageContaining("runs a x86_64 JVM but profile 'raspberry-pi-4' is aarch64");
        }
        assertThat(report.get("workDir")).isNull();
    }

    @Test
    void selfCheckMismatchFailsAndCleansUp() throws Exception {
        byte[] wrong = goldenOut.clone();
        wrong[100] ^= 1;
        writeCard(wrong);
        try (dev.edgetl.devices.connect.LocalConnector board = new dev.edgetl.devices.connect.LocalConnector(HOST_JAVA)) {
            DeployReport report = new DeployReport();
            assertThatThrownBy(() -> deployer(new ArrayList<>()).deploy(request("host", false, 1, false, null), board, report))
                    .isInstanceOf(DeviceException.class).hasMessageContaining("self-check failed").hasMessageContaining("first difference at byte 100");
            assertThat(report.get("cleanedUp")).isEqualTo(true);
            assertThat(Path.of((String) report.get("workDir"))).doesNotExist();
        } finally {
            writeCard(goldenOut);
        }
    }

    @Test
    void benchKilledMidRunIsReportedAndCleanedUp() throws Exception {
        dev.edgetl.devices.connect.LocalConnector board = new dev.edgetl.devices.connect.LocalConnector(HOST_JAVA);
        DeployReport report = new DeployReport();
        try (board) {
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                deployer(new ArrayList<>()).deploy(request("host", true, 9999, false, null), board, report);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path pidFile = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (pidFile == null && System.currentTimeMillis() < deadline) {
            Object work = report.get("workDir");
            if (work != null && Files.exists(Path.of((String) work, "bench.pid")) && !Files.readString(Path.of((String) work, "bench.pid")).isBlank()) {
                pidFile = Path.of((String) work, "bench.pid");
            } else {
                Thread.sleep(100);
            }
        }
        assertThat(pidFile).as("the stand-in bench wrote its pid").isNotNull();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        // the JVM this test started on the "device", ended by its id
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.KILLED));
        assertThat(report.get("cleanedUp")).isEqualTo(true);
        assertThat(Path.of((String) report.get("workDir"))).doesNotExist();
        }
    }

    @Test
    void commandExitsNonZeroWithAClearMessage() throws Exception {
        int closed = SshServer.freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path reportFile = dir.resolve("unreachable-report.json");
        List<String> args = new ArrayList<>(List.of("--device", "raspberry-pi-4", "--target", "ssh://nobody@127.0.0.1:" + closed,
                "--model", model.toString(), "--runtime-jar", jar.toString(), "--report", reportFile.toString()));
        for (String o : server.clientOptions(server.clientKey, server.knownHosts)) args.add("--ssh-option=" + o);
        int code = new CommandLine(new DeployCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("deploy failed (unreachable)").contains("Connection refused");
        assertThat(new ObjectMapper().readTree(reportFile.toFile()).get("error").asText()).startsWith("UNREACHABLE");

        StringWriter err2 = new StringWriter();
        int code2 = new CommandLine(new DeployCommand()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err2))
                .execute("--device", "raspberry-pi-4", "--target", "local", "--model", model.toString(),
                        "--runtime-jar", dir.resolve("absent.jar").toString(), "--report", dir.resolve("r2.json").toString());
        assertThat(code2).isEqualTo(1);
        assertThat(err2.toString()).contains("runtime jar").contains("absent.jar");
    }
}
