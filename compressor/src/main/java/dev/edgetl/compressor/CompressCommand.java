package dev.edgetl.compressor;

import dev.edgetl.compressor.budget.Verdict;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.evaluate.DeviceEstimator;
import dev.edgetl.compressor.evaluate.DevicesEstimator;
import dev.edgetl.compressor.evaluate.EdgeRuntimeRunner;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.report.ReportWriter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgetl compress}: quantize a float model into variants, evaluate them and judge them against a
 * budget. Exit code 0 when a variant passes, 3 when none does, 1 for bad input, 2 for usage errors.
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Quantize a float .tflite (fp16, dynamic-range int8, full int8), evaluate every variant with "
                + "edge-runtime and judge it against a device budget.",
        footerHeading = "%nExamples:%n",
        footer = {"  edgetl compress --model out/photos/model.tflite --calibration photos/train --eval photos/val \\",
            "    --budget budget.yaml --out out/photos-compressed",
            "  edgetl compress --model sensor/model.tflite --calibration sensor/calibration.npy --budget budget.yaml \\",
            "    --out out/sensor-compressed --variants dynamic,int8 --json",
            "  budget.yaml:  device: raspberry-pi-4 / maxModelBytes: 4000000 / maxP90LatencyMs: 50 / maxAccuracyDrop: 0.01"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a variant passes the budget", "1:error (model not float, unreadable calibration/eval data or budget)",
            "2:usage error (unknown option, missing argument)", "3:no variant passes the budget (a CI gate)"})
public final class CompressCommand implements Callable<Integer> {
    public static final int EXIT_NO_VARIANT_PASSES = 3;
    public static final int EXIT_ERROR = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "float32 .tflite model")
    Path model;

    @Option(names = "--calibration", required = true, description = "calibration image folder (images or class subfolders), or a .npy file of float32 inputs [N, ...input shape] for models whose input is not an image")
    Path calibration;

    @Option(names = "--eval", description = "evaluation image folder with class subfolders, or a .npy file of inputs with a .npy --calibration (default: a seeded 25%% split of --calibration)")
    Path eval;

    @Option(names = "--eval-targets", description = ".npy targets of the --eval inputs: [N, T] values (regression) or [N] class indices; without them variants are compared with the float model")
    Path evalTargets;

    @Option(names = "--budget", required = true, description = "budget.yaml (device, maxModelBytes, maxRamBytes, maxP90LatencyMs, minAccuracy | maxAccuracyDrop)")
    Path budget;

    @Option(names = "--out", required = true, description = "output folder (models + report.json/.md/.html)")
    Path out;

    @Option(names = "--variants", split = ",", defaultValue = "fp16,dynamic,int8", description = "any of fp16,dynamic,int8 (default: ${DEFAULT-VALUE})")
    List<String> variants;

    @Option(names = "--calibration-method", description = "minmax, percentile or mse (default: minmax, the best measured on MobileNetV1 0.25 with bias correction)")
    String method;

    @Option(names = "--compare-methods", negatable = true, defaultValue = "true", description = "build int8 with every calibration method and keep the best on the evaluation set (default: ${DEFAULT-VALUE})")
    boolean compareMethods;

    @Option(names = "--calibration-images", defaultValue = "100", description = "at most this many calibration images (default: ${DEFAULT-VALUE})")
    int maxCalibration;

    @Option(names = "--io", defaultValue = "float32", description = "int8 model I/O type: float32, int8 or uint8 (default: ${DEFAULT-VALUE})")
    String io;

    @Option(names = "--keep-float", split = ",", description = "operator indices to keep in float in the int8 variant")
    List<Integer> keepFloat;

    @Option(names = "--auto-keep-float", defaultValue = "0", description = "add an int8-mixed variant keeping the N most sensitive layers in float (default: ${DEFAULT-VALUE})")
    int autoKeepFloat;

    @Option(names = "--labels", description = "labels file, one per line (default: from the model card)")
    Path labels;

    @Option(names = "--class-map", split = ",", description = "evaluation folder -> model label, e.g. ants=ant,bees=bee (folders are otherwise matched to labels by name)")
    java.util.Map<String, String> classMap;

    @Option(names = "--mean", split = ",", description = "input mean, 1 or 3 values (default: from the model card)")
    float[] mean;

    @Option(names = "--std", split = ",", description = "input std, 1 or 3 values (default: from the model card)")
    float[] std;

    @Option(names = "--warmup", defaultValue = "5", description = "latency warm-up runs (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "20", description = "timed runs per variant (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--threads", defaultValue = "1", description = "edge-runtime threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the calibration/evaluation split (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--overwrite", description = "replace --out if it exists")
    boolean overwrite;

    @Option(names = "--no-progress", description = "no progress bars")
    boolean noProgress;

    @Option(names = "--json", description = "print report.json on stdout instead of the verdict table")
    boolean json;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    /** The device estimator: null = the devices module's built-in profiles and calibration. */
    DeviceEstimator estimator;

    public CompressCommand withEstimator(DeviceEstimator e) {
        this.estimator = e;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        CompressConfig config;
        try {
            Int8Options.IoType ioType = Int8Options.IoType.valueOf(io.trim().toUpperCase(Locale.ROOT));
            config = new CompressConfig(model, calibration, eval, budget, out, variants,
                    method == null ? null : RangeMethod.parse(method), compareMethods, maxCalibration, ioType,
                    keepFloat == null ? java.util.Set.of() : new HashSet<>(keepFloat), autoKeepFloat, labels,
                    classMap == null ? java.util.Map.of() : classMap, mean, std,
                    warmup, runs, overwrite, seed, evalTargets);
        } catch (IllegalArgumentException e) {
            err.println("edgetl compress: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_ERROR;
        }
        InterpreterOptions options = InterpreterOptions.defaults().withThreads(threads);
        try (BarProgress progress = new BarProgress(!noProgress)) {
            Compressor compressor = new Compressor(EdgeRuntimeRunner.factory(options),
                    m -> new InterpreterRecorder(m, options),
                    estimator != null ? estimator : DevicesEstimator.builtin(), progress);
            Compressor.Result result = compressor.run(config);
            progress.close();
            if (json) {
                outw.println(java.nio.file.Files.readString(result.out().resolve("report.json")));
                outw.flush();
            } else {
                printSummary(result, outw);
            }
            return result.anyPasses() ? 0 : EXIT_NO_VARIANT_PASSES;
        } catch (CompressionException | java.io.IOException | IllegalArgumentException e) {
            err.println("edgetl compress: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_ERROR;
        }
    }

    private static void printSummary(Compressor.Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "%-16s %10s %9s %9s %9s %s%n", "variant", "file", "accuracy", "agree", "p50 ms", "verdict");
        for (VariantMetrics v : r.report().variants()) {
            Verdict.Row row = r.report().verdict().rows().stream().filter(x -> x.variant().equals(v.name())).findFirst()
                    .orElseThrow();
            out.printf(Locale.ROOT, "%-16s %10s %9s %9s %9s %s%n", v.name(), ReportWriter.human(v.fileBytes()),
                    v.accuracy() == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v.accuracy()),
                    v.failed() ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v.agreement()),
                    v.failed() ? "n/a" : String.format(Locale.ROOT, "%.2f", v.latencyP50Ms()),
                    row.pass() ? "PASS" : "FAIL" + (v.failed() ? " (" + v.error() + ")" : ""));
        }
        String chosen = r.report().verdict().chosen();
        out.println(chosen == null ? "no variant passes the budget" : "chosen: " + chosen);
        out.println("report: " + r.out().resolve("report.html"));
        out.flush();
    }

    /** Progress bars on stderr (me.tongfei.progressbar), one per long step. */
    static final class BarProgress implements Compressor.Progress, AutoCloseable {
        private final boolean enabled;
        private ProgressBar bar;

        BarProgress(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void step(String name, int total) {
            close();
            if (enabled) {
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build();
            }
        }

        @Override
        public void advance(int done) {
            if (bar != null) {
                bar.stepTo(done);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CompressCommand()).execute(args));
    }
}
