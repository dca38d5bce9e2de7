package dev.edgetl.devices.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.devices.connect.Connector;
import dev.edgetl.devices.connect.DeviceException;
import dev.edgetl.devices.connect.ExecResult;
import dev.edgetl.devices.connect.QemuConnector;
import dev.edgetl.devices.connect.ShellConnector;
import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.estimate.CalibrationPoint;
import dev.edgetl.devices.estimate.Estimate;
import dev.edgetl.devices.estimate.Estimator;
import dev.edgetl.devices.estimate.ModelCost;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.devices.profiles.ProfileException;
import dev.edgetl.runtime.format.ModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Deploy and measure: check the device's architecture, copy the runtime jar, the model, its labels and card into a
 * fresh work folder (each file renamed into place only after its sha256 matched on the device), run the golden
 * self-check, run {@code bench --json}, fetch the result, compare it with the estimate and the budget, and remove the
 * work folder (unless kept). Every step lands in the report; a failure stops the run, still cleans up, and is thrown.
 */
public final class Deployer {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUNTIME = "edge-runtime.jar";

    private final ProfileCatalog catalog;
    private final Calibration calibration;
    private final Consumer<String> log;

    public Deployer(ProfileCatalog catalog, Calibration calibration, Consumer<String> log) {
        this.catalog = catalog;
        this.calibration = calibration;
        this.log = log;
    }

    public DeployReport deploy(DeployRequest req, Connector device) throws IOException {
        DeployReport report = new DeployReport();
        deploy(req, device, report);
        return report;
    }

    /** Fills {@code report} as it goes, so a caller still has the steps that ran when this throws. */
    public void deploy(DeployRequest req, Connector device, DeployReport report) throws IOException {
        DeviceProfile profile = catalog.get(req.deviceId());
        report.put("device", profile.id());
        report.put("target", device.describe());
        report.put("model", req.model().toString());
        requireFile(req.model(), "model");
        requireFile(req.runtimeJar(), "runtime jar (build it with: mvn -pl edge-runtime/app -am package)");

        Estimate estimate = estimate(req, profile, report);

        log.accept("probing " + device.describe());
        String arch = device.probeArchitecture();
        report.put("deviceArchitecture", arch);
        if (!arch.equals(profile.architecture())) {
            throw new DeviceException(DeviceException.Kind.WRONG_ARCHITECTURE, "wrong architecture: " + device.describe() + " runs a "
                    + arch + " JVM but profile '" + profile.id() + "' is " + profile.architecture() + "; nothing was copied");
        }
        if (emulated(device)) {
            report.note("target is qemu emulation: timings are 4-20x slower than real " + profile.architecture() + " hardware, not the device's");
        }

        String work = device.tempBase() + "/edgetl-deploy-" + UUID.randomUUID().toString().substring(0, 8);
        report.put("workDir", work);
        boolean ok = false;
        try {
            device.mkdirs(work);
            Map<String, String> copied = new LinkedHashMap<>();
            String jar = put(device, req.runtimeJar(), work + "/" + RUNTIME, copied);
            String model = put(device, req.model(), work + "/" + req.model().getFileName(), copied);
            ModelCard card = ModelCard.besides(req.model());
            Path labels = req.labels() != null ? req.labels() : card != null && card.labels() != null ? card.labels() : besideLabels(req.model());
            String remoteLabels = null;
            if (labels != null) {
                requireFile(labels, "labels");
                remoteLabels = put(device, labels, work + "/labels.txt", copied);
            } else {
                report.note("no labels file (--labels, the card's labelsFile or labels.txt beside the model): copied none");
            }
            if (card != null) {
                put(device, card.file(), work + "/model.json", copied);
            }
            report.put("copied", copied);

            selfCheck(req, device, card, jar, model, work, report);
            if (req.images() != null) {
                classify(req, device, jar, model, remoteLabels, work, report);
            }
            if (req.bench()) {
                Double p50 = bench(req, device, jar, model, work, estimate, report);
                if (req.saveCalibration() != null && p50 != null) {
                    saveCalibration(req, profile, device, p50, report);
                }
            }
            ok = true;
        } finally {
            if (req.keep()) {
                report.put("kept", work);
                log.accept("kept " + work + " on " + device.describe());
            } else {
                try {
                    device.removeTree(work);
                    report.put("cleanedUp", true);
                    log.accept("removed " + work);
                } catch (RuntimeException e) {
                    report.note("cleanup of " + work + " failed: " + e.getMessage());
                    if (ok) throw e;
                }
            }
        }
    }

    private ModelCost cost;

    private Estimate estimate(DeployRequest req, DeviceProfile profile, DeployReport report) throws IOException {
        cost = ModelCost.of(ModelReader.read(req.model()));
        Estimator estimator = new Estimator(catalog, calibration);
        Estimate e;
        try {
            e = estimator.estimate(cost, profile, "edgetl", req.threads());
        } catch (ProfileException noEdgetlCalibration) {
            e = estimator.estimate(cost, profile, "tflite", req.threads());
            report.note("no measurement of the edgetl runtime to calibrate on: the estimate is TensorFlow Lite's (builtin kernels);"
                    + " expect the pure-Java runtime to be slower");
        }
        report.put("estimate", e);
        log.accept(e.latencyText() + "; " + e.memoryText());
        return e;
    }

    private String put(Connector device, Path local, String remote, Map<String, String> copied) {
        log.accept("copying " + local.getFileName() + " -> " + remote);
        device.put(local, remote);
        copied.put(remote, ShellConnector.sha256Local(local));
        return remote;
    }

    private void selfCheck(DeployRequest req, Connector device, ModelCard card, String jar, String model, String work, DeployReport report) {
        Map<String, Object> check = new LinkedHashMap<>();
        report.put("selfCheck", check);
        if (card == null || card.golden().isEmpty()) {
            check.put("status", "skipped");
            check.put("reason", card == null ? "no model card (model.json) beside the model" : "the model card has no golden pairs");
            report.note("self-check skipped: " + check.get("reason"));
            return;
        }
        List<String> failures = new ArrayList<>();
        Path tmp = null;
        boolean floatOutput;
        try {
            floatOutput = ModelReader.read(req.model()).output(0).dtype() == dev.edgetl.runtime.format.DType.FLOAT32;
            tmp = Files.createTempDirectory("edgetl-selfcheck");
            for (ModelCard.GoldenPair pair : card.golden()) {
                Path in = Files.write(tmp.resolve("in.bin"), pair.input());
                String remoteIn = work + "/golden-in.bin";
                String remoteOut = work + "/golden-out.bin";
                device.put(in, remoteIn);
                device.run(java(device, jar, "run", "--model", model, "--input-tensor", remoteIn, "--output-tensor", remoteOut), req.timeout());
                Path out = tmp.resolve("out.bin");
                device.fetch(remoteOut, out);
                byte[] got = Files.readAllBytes(out);
                String problem = GoldenCompare.compare(got, pair.output(), floatOutput);
                if (problem != null) {
                    failures.add(pair.name() + ": " + problem);
                }
            }
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.COMMAND_FAILED, "self-check: " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
        check.put("pairs", card.golden().size());
        check.put("status", failures.isEmpty() ? "passed" : "failed");
        check.put("failures", failures);
        if (!failures.isEmpty()) {
            throw new DeviceException(DeviceException.Kind.COMMAND_FAILED, "self-check failed on " + device.describe() + ": " + String.join("; ", failures));
        }
        log.accept("self-check passed (" + card.golden().size() + " golden pairs" + (floatOutput ? ", float outputs within "
                + GoldenCompare.FLOAT_TOLERANCE + " of the largest" : ", byte for byte") + ")");
    }

    private void classify(DeployRequest req, Connector device, String jar, String model, String labels, String work, DeployReport report) throws IOException {
        List<Path> images;
        try (Stream<Path> s = Files.list(req.images())) {
            images = s.filter(Files::isRegularFile).sorted().toList();
        }
        if (images.isEmpty()) throw new IOException("--images " + req.images() + " has no files");
        device.mkdirs(work + "/images");
        List<String> argv = java(device, jar, "run", "--model", model, "--json");
        if (labels != null) {
            argv.add("--labels");
            argv.add(labels);
        }
        for (Path img : images) {
            String remote = work + "/images/" + img.getFileName();
            device.put(img, remote);
            argv.add(remote);
        }
        ExecResult r = device.run(argv, req.timeout());
        report.put("classification", parseJson(r.stdoutText(), "run --json"));
        log.accept("classified " + images.size() + " image(s) on the device");
    }

    private Double bench(DeployRequest req, Connector device, String jar, String model, String work, Estimate estimate, DeployReport report) throws IOException {
        String remoteResult = work + "/bench.json";
        List<String> bench = java(device, jar, "bench", "--model", model, "--threads", String.valueOf(req.threads()),
                "--warmup", String.valueOf(req.warmup()), "--runs", String.valueOf(req.runs()), "--json");
        // The result is written on the device and fetched, like a run that outlives the connection would be.
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "out=\"$0\"; \"$@\" > \"$out.part\" && mv -f \"$out.part\" \"$out\"", remoteResult));
        argv.addAll(bench);
        log.accept("bench on " + device.describe() + " (" + req.runs() + " runs)");
        device.run(argv, req.timeout());
        Path local = Files.createTempFile("edgetl-bench", ".json");
        try {
            device.fetch(remoteResult, local);
            JsonNode result = parseJson(Files.readString(local), "bench --json");
            report.put("bench", result);
            Double p50 = number(result, "p50Ms", "p50_ms", "p50", "medianMs");
            if (p50 == null) {
                report.note("bench result has no p50 latency field: not compared with the estimate");
                return null;
            }
            String comparison = (emulated(device) ? "under qemu emulation, not the device's speed: " : "") + estimate.compare(p50);
            Double heap = number(result, "peakHeapBytes");
            if (heap != null) {
                report.put("memoryComparison", String.format(Locale.ROOT,
                        "measured peak JVM heap %.1f MB (heap only; the process also holds the JVM itself) vs %s",
                        heap / 1e6, estimate.memoryText()));
            }
            report.put("comparison", comparison);
            log.accept(comparison);
            if (req.budgetMs() != null) {
                boolean within = p50 <= req.budgetMs();
                report.put("budget", Map.of("latencyMs", req.budgetMs(), "measuredP50Ms", p50, "verdict", within ? "within budget" : "over budget"));
                log.accept(String.format(Locale.ROOT, "budget %.1f ms: measured p50 %.2f ms is %s", req.budgetMs(), p50, within ? "within budget" : "OVER budget"));
            }
            return p50;
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /**
     * Appends the measured p50 to a calibration file (a JSON list of {@link CalibrationPoint}s) so later estimates for
     * this runtime rest on it. Emulated runs are refused: their timings say nothing about a device.
     */
    private void saveCalibration(DeployRequest req, DeviceProfile profile, Connector device, double p50, DeployReport report) throws IOException {
        if (emulated(device)) {
            report.note("calibration not saved: timings under qemu emulation are not the device's");
            return;
        }
        JsonNode bench = (JsonNode) report.get("bench");
        String backend = bench != null && bench.hasNonNull("backend") ? bench.get("backend").asText() : "unknown backend";
        boolean host = "host".equals(profile.kind());
        var cluster = profile.fastestCluster();
        String dtype = cost.dominantDtype();
        // our runtime is calibrated on the clock basis (MACs per cycle): see CalibrationPoint.basis
        Double peak = host ? cluster.clockGhz().value() : null;
        CalibrationPoint point = new CalibrationPoint("edgetl", profile.id(), req.model().getFileName().toString(), dtype,
                (double) cost.totalMacs(), "computed by edgetl ModelCost from the model's shapes", req.threads(), p50, peak,
                host ? profile.architecture() : null, "clock",
                "measured by edgetl deploy --bench on " + device.describe() + " (" + (host ? profile.name() : profile.id()) + "), p50 of "
                        + req.runs() + " runs, " + backend + ", " + java.time.Instant.now());
        List<CalibrationPoint> points = new ArrayList<>();
        Path file = req.saveCalibration();
        if (Files.exists(file)) {
            points.addAll(List.of(JSON.readValue(file.toFile(), CalibrationPoint[].class)));
        }
        points.add(point);
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(points));
        Files.move(tmp, file.toAbsolutePath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        report.put("calibrationSaved", file.toString());
        log.accept("calibration point saved to " + file);
    }

    /** A JVM started through qemu-user (directly or behind ssh): its timings are not the device's. */
    static boolean emulated(Connector device) {
        return device instanceof QemuConnector || String.join(" ", device.javaCommand()).contains("qemu-");
    }

    static Double number(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && v.isNumber()) return v.asDouble();
            JsonNode lat = n.get("latencyMs");
            if (lat != null && lat.isObject() && lat.get(name) != null && lat.get(name).isNumber()) return lat.get(name).asDouble();
        }
        return null;
    }

    private static JsonNode parseJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new DeviceException(DeviceException.Kind.COMMAND_FAILED, "the runtime's " + what + " output is not JSON: "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
    }

    private static List<String> java(Connector device, String jar, String... args) {
        List<String> argv = new ArrayList<>(device.javaCommand());
        argv.add("-jar");
        argv.add(jar);
        argv.addAll(List.of(args));
        return argv;
    }

    private static Path besideLabels(Path model) {
        Path p = model.toAbsolutePath().resolveSibling("labels.txt");
        return Files.isRegularFile(p) ? p : null;
    }

    private static void requireFile(Path p, String what) {
        if (p == null || !Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " not found: " + p);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files only
        }
    }

    /**
     * Where the runtime jar is by default: $EDGETL_RUNTIME_JAR, else edge-runtime/app/target/edge-runtime.jar in the
     * current folder or in a parent of the folder this code was loaded from (the repository of the edgetl jar).
     */
    public static Path defaultRuntimeJar() {
        String env = System.getenv("EDGETL_RUNTIME_JAR");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path relative = Path.of("edge-runtime", "app", "target", RUNTIME);
        if (Files.isRegularFile(relative)) return relative;
        try {
            Path here = Path.of(Deployer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(relative))) return p.resolve(relative);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the relative path, reported as missing by the caller
        }
        return relative;
    }

    static Duration defaultTimeout() {
        return Duration.ofMinutes(10);
    }
}
