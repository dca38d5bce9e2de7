package dev.edgetl.devices.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.devices.connect.Connector;
import dev.edgetl.devices.connect.DeviceException;
import dev.edgetl.devices.connect.Targets;
import dev.edgetl.devices.deploy.DeployReport;
import dev.edgetl.devices.deploy.DeployRequest;
import dev.edgetl.devices.deploy.Deployer;
import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.devices.profiles.ProfileException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgetl deploy --device ID --target ssh://user@host[:port] | adb[:serial] | qemu | local --model M.tflite
 * [--bench] [--images DIR] [--keep]}. Exit codes: 0 done, 1 the device, a step or an input failed, 2 bad usage.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Copy the runtime, a model and its labels to a device, verify checksums there, self-check with the model card's"
                + " golden pairs, optionally benchmark and compare with the estimate, then clean up.",
        footerHeading = "%nExamples:%n",
        footer = {"  edgetl deploy --device raspberry-pi-4 --target ssh://pi@raspberrypi.local --model model.tflite --bench",
            "  edgetl deploy --device pixel-7 --target adb --model model.tflite --images samples/",
            "  edgetl deploy --device raspberry-pi-4 --target qemu --model model.tflite --bench --json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:deployed, self-check passed", "1:error (unreachable device, failed step, unreadable model or runtime jar)",
            "2:usage error (unknown option, unknown device id)"})
public final class DeployCommand implements Callable<Integer> {
    @Option(names = "--device", required = true, description = "Device profile id (see: edgetl devices list).") String device;
    @Option(names = "--target", required = true, description = "ssh://[user@]host[:port], adb[:serial], qemu[:SYSROOT] or local.") String target;
    @Option(names = "--model", required = true, description = "The .tflite model.") Path model;
    @Option(names = "--bench", description = "Run the runtime's bench on the device and compare with the estimate.") boolean bench;
    @Option(names = "--images", description = "Classify these images on the device (run --json).") Path images;
    @Option(names = "--labels", description = "Labels file (default: the model card's, or labels.txt beside the model).") Path labels;
    @Option(names = "--keep", description = "Leave the work folder on the device.") boolean keep;
    @Option(names = "--runtime-jar", description = "The runnable edge-runtime jar (default: $EDGETL_RUNTIME_JAR or edge-runtime/app/target/edge-runtime.jar).") Path runtimeJar;
    @Option(names = "--remote-java", description = "How to start java on an ssh/adb device (default: the profile's runtime command).") String remoteJava;
    @Option(names = "--ssh-option", description = "Extra ssh client argument (repeatable), e.g. --ssh-option=-J --ssh-option=jump.host") List<String> sshOptions = new ArrayList<>();
    @Option(names = "--profiles", description = "Extra device profiles (file or folder).") Path profiles;
    @Option(names = "--calibration", description = "Extra calibration measurements (JSON list).") Path calibrationFile;
    @Option(names = "--threads", defaultValue = "1") int threads;
    @Option(names = "--warmup", defaultValue = "3") int warmup;
    @Option(names = "--runs", defaultValue = "20") int runs;
    @Option(names = "--budget-ms", description = "Latency budget: the verdict compares the measured p50 with it.") Double budgetMs;
    @Option(names = "--timeout", defaultValue = "600", description = "Seconds allowed for each command on the device (default: ${DEFAULT-VALUE}).") long timeoutSeconds;
    @Option(names = "--save-calibration", description = "Append the measured p50 to this calibration file (use it with --calibration).") Path saveCalibration;
    @Option(names = "--report", description = "Write the JSON report here (default: deploy-report.json).") Path reportFile = Path.of("deploy-report.json");
    @Option(names = "--json", description = "Print the report as JSON on stdout (progress goes to stderr).") boolean json;
    @Option(names = "--verbose", description = "Print stack traces of errors.") boolean verbose;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeployReport report = new DeployReport();
        int code;
        try {
            ProfileCatalog catalog = ProfileCatalog.withUserProfiles(profiles);
            DeviceProfile profile = catalog.get(device);
            Calibration cal = Calibration.builtin();
            if (calibrationFile != null) cal = cal.withFile(calibrationFile);
            String java = remoteJava != null ? remoteJava : profile.runtime().javaCommand();
            Connector connector = Targets.parse(target, target.equals("local") && remoteJava == null ? null : java, sshOptions);
            Path jar = runtimeJar != null ? runtimeJar : Deployer.defaultRuntimeJar();
            DeployRequest req = new DeployRequest(device, model, jar, labels, images, bench, threads, warmup, runs, keep, budgetMs,
                    Duration.ofSeconds(timeoutSeconds), saveCalibration);
            try (connector) {
                new Deployer(catalog, cal, msg -> { out.println("deploy: " + msg); out.flush(); }).deploy(req, connector, report);
            }
            out.println("deploy: done" + (report.get("comparison") != null ? "; " + report.get("comparison") : ""));
            code = 0;
        } catch (DeviceException e) {
            report.put("error", e.kind().name() + ": " + e.getMessage());
            err.println("deploy failed (" + e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): " + e.getMessage());
            if (verbose) e.printStackTrace(err);
            code = 1;
        } catch (ProfileException | IllegalArgumentException | java.io.IOException | dev.edgetl.runtime.format.ModelFormatException e) {
            report.put("error", e.getMessage());
            err.println("deploy: " + e.getMessage());
            if (verbose) e.printStackTrace(err);
            code = e instanceof dev.edgetl.devices.profiles.UnknownDeviceException ? 2 : 1;
        }
        for (String n : report.notes()) out.println("note: " + n);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path tmp = reportFile.toAbsolutePath().resolveSibling(reportFile.getFileName() + ".part");
        Files.writeString(tmp, mapper.writeValueAsString(report));
        Files.move(tmp, reportFile.toAbsolutePath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.println("report: " + reportFile);
        if (json) spec.commandLine().getOut().println(mapper.writeValueAsString(report));
        spec.commandLine().getOut().flush();
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DeployCommand()).execute(args));
    }
}
