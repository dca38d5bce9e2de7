package dev.edgetl.devices.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.estimate.Estimate;
import dev.edgetl.devices.estimate.Estimator;
import dev.edgetl.devices.estimate.ModelCost;
import dev.edgetl.devices.profiles.Cluster;
import dev.edgetl.devices.profiles.DeviceProfile;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.devices.profiles.Sourced;
import dev.edgetl.runtime.format.ModelReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgetl devices list|show ID|estimate ID --model M}: the device catalogue and latency/memory estimates. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Device profiles (built-in, the host, and yours from --profiles) and latency/memory estimates.",
        subcommands = {DevicesCommand.ListCmd.class, DevicesCommand.ShowCmd.class, DevicesCommand.EstimateCmd.class})
public final class DevicesCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String EXIT_0 = "0:success";
    static final String EXIT_1 = "1:error (unreadable profile file or model)";
    static final String EXIT_2 = "2:usage error (unknown option or device id)";

    @Option(names = "--profiles", description = "A device profile JSON file or a folder of them (added to the built-in ones).",
            scope = CommandLine.ScopeType.INHERIT)
    Path profiles;

    @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Bad input ends with a one-line message, not a stack trace (unless --verbose): exit code 2 for an unknown device
     * id (a usage error), 1 for profiles or models that cannot be read.
     */
    Integer guard(Callable<Integer> body) {
        try {
            return body.call();
        } catch (dev.edgetl.devices.profiles.ProfileException | IllegalArgumentException | java.io.IOException
                 | dev.edgetl.runtime.format.ModelFormatException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("devices: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof dev.edgetl.devices.profiles.UnknownDeviceException ? 2 : 1;
        } catch (Exception e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), e.toString(), e);
        }
    }

    ProfileCatalog catalog() {
        return ProfileCatalog.withUserProfiles(profiles);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the known devices.",
            footerHeading = "%nExamples:%n", footer = {"  edgetl devices list", "  edgetl devices list --profiles my-boards/ --json"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {EXIT_0, EXIT_1, EXIT_2})
    static final class ListCmd implements Callable<Integer> {
        @ParentCommand DevicesCommand parent;
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        public Integer call() {
            return parent.guard(this::body);
        }

        private Integer body() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            ProfileCatalog catalog = parent.catalog();
            if (json) {
                out.println(JSON.writeValueAsString(catalog.all()));
            } else {
                out.printf(Locale.ROOT, "%-28s %-8s %-8s %-6s %-34s %s%n", "ID", "KIND", "ARCH", "CORES", "CPU", "RAM");
                for (DeviceProfile p : catalog.all()) {
                    out.printf(Locale.ROOT, "%-28s %-8s %-8s %-6d %-34s %.0f MB%n", p.id(), p.kind(), p.architecture(), p.totalCores(),
                            truncate(cpu(p), 34), p.ramMb().value());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one device, every number with its source.",
            footerHeading = "%nExamples:%n", footer = {"  edgetl devices show raspberry-pi-4", "  edgetl devices show pixel-7 --json"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {EXIT_0, EXIT_1, EXIT_2})
    static final class ShowCmd implements Callable<Integer> {
        @ParentCommand DevicesCommand parent;
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        public Integer call() {
            return parent.guard(this::body);
        }

        private Integer body() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            ProfileCatalog catalog = parent.catalog();
            DeviceProfile p = catalog.get(id);
            if (json) {
                out.println(JSON.writeValueAsString(p));
            } else {
                out.println(p.name() + "  [" + p.id() + ", " + catalog.origin(p.id()) + "]");
                out.println("  kind          " + p.kind());
                out.println("  architecture  " + p.architecture() + " (ABI " + p.abi() + ")");
                out.println("  SoC           " + p.soc());
                out.println("  OS            " + p.os());
                for (Cluster c : p.clusters()) {
                    out.println("  cluster       " + c.core());
                    line(out, "    cores", c.cores());
                    line(out, "    clock", c.clockGhz());
                    line(out, "    fp32 peak", c.floatMacsPerCycle());
                    line(out, "    int8 peak", c.int8MacsPerCycle());
                    out.printf(Locale.ROOT, "    => peak %.1f GMAC/s float, %.1f GMAC/s int8 per core (derived: clock x MAC/cycle)%n",
                            c.floatGmacPerCore(), c.int8GmacPerCore());
                }
                line(out, "  RAM", p.ramMb());
                line(out, "  storage", p.storage().capacityGb());
                out.println("                " + p.storage().kind());
                line(out, "  memory bw", p.memoryBandwidthGBs());
                out.println("  ISA           NEON " + p.isa().neon() + ", dot-product " + p.isa().dotprod() + ", fp16 " + p.isa().fp16()
                        + (p.isa().extra() == null ? "" : " (" + p.isa().extra() + ")"));
                out.println("                source: " + p.isa().source());
                out.println("  runtime       " + p.runtime().name() + " (started with '" + p.runtime().javaCommand() + "')");
                out.println("                source: " + p.runtime().source());
                if (p.notes() != null) out.println("  notes         " + p.notes());
            }
            out.flush();
            return 0;
        }

        private static void line(PrintWriter out, String label, Sourced s) {
            out.printf(Locale.ROOT, "%-15s %-14s source: %s%n", label, s.describe(), s.source());
        }
    }

    @Command(name = "estimate", mixinStandardHelpOptions = true,
            description = "Estimate (not measure) the latency and peak memory of a .tflite model on a device.",
            footerHeading = "%nExamples:%n",
            footer = {"  edgetl devices estimate raspberry-pi-4 --model ../shared/fixtures/models/mobilenet_v2_1.0_224_quant.tflite",
                "  edgetl devices estimate raspberry-pi-4 --model m.tflite --runtime edgetl --threads 4 --json"},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {EXIT_0, EXIT_1, EXIT_2})
    static final class EstimateCmd implements Callable<Integer> {
        @ParentCommand DevicesCommand parent;
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--model", required = true, description = "The .tflite model.") Path model;
        @Option(names = "--runtime", defaultValue = "tflite",
                description = "Runtime whose calibration to use: tflite, tflite-xnnpack, edgetl (default: ${DEFAULT-VALUE}).") String runtime;
        @Option(names = "--threads", defaultValue = "1") int threads;
        @Option(names = "--calibration", description = "Extra calibration measurements (JSON list).") Path calibrationFile;
        @Option(names = "--json", description = "Print JSON.") boolean json;

        @Override
        public Integer call() {
            return parent.guard(this::body);
        }

        private Integer body() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            ProfileCatalog catalog = parent.catalog();
            DeviceProfile p = catalog.get(id);
            Calibration cal = Calibration.builtin();
            if (calibrationFile != null) cal = cal.withFile(calibrationFile);
            ModelCost cost = ModelCost.of(ModelReader.read(model));
            Estimate e = new Estimator(catalog, cal).estimate(cost, p, runtime, threads);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "estimate");
                m.put("model", model.toString());
                m.put("estimate", e);
                out.println(JSON.writeValueAsString(m));
            } else {
                out.printf(Locale.ROOT, "%s on %s with %s, %d thread(s) -- an ESTIMATE, not a measurement%n", model.getFileName(), p.id(), runtime, e.threads());
                out.printf(Locale.ROOT, "  model       %.1f M MACs (%s), %d B weights%n", cost.totalMacs() / 1e6, e.dominantDtype(), cost.weightBytes());
                out.println("  latency     " + e.latencyText());
                out.println("  memory      " + e.memoryText());
                out.println("  calibrated on:");
                for (String b : e.basis()) out.println("    - " + b);
                for (String n : e.notes()) out.println("  note: " + n);
            }
            out.flush();
            return 0;
        }
    }

    static String cpu(DeviceProfile p) {
        StringBuilder sb = new StringBuilder();
        for (Cluster c : p.clusters()) {
            if (sb.length() > 0) sb.append(" + ");
            sb.append(c.coreCount()).append("x ").append(c.core()).append(String.format(Locale.ROOT, " %.2fGHz", c.clockGhz().value()));
        }
        return sb.toString();
    }

    static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Entry point for running the command on its own (the cli module wires it into {@code edgetl}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DevicesCommand()).execute(args));
    }
}
