package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.TfliteModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time inference of a .tflite model on fixed pseudo-random inputs: p50/p90/p99/min latency in ms, "
                + "arena bytes, peak heap and the kernel backend (scalar, or vector-api when the JVM runs with "
                + "--add-modules jdk.incubator.vector), with the JDK version.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  bench --model mobilenet_v2_1.0_224_quant.tflite",
                "  bench --model net.tflite --threads 2 --warmup 10 --runs 50 --json",
                "  java --add-modules jdk.incubator.vector -jar edge-runtime.jar bench --model net.tflite"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, CommandSupport.EXIT_1, CommandSupport.EXIT_2})
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The .tflite file.")
    Path model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "20", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print the result as JSON (fields p50Ms, p90Ms, p99Ms, minMs, meanMs, arenaBytes, peakHeapBytes, backend, jdk...).")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Backend backend;

    public BenchCommand() {
        this(null);
    }

    /** With a fixed backend (tests, embedding); null = {@link Backend#detect()} at run time. */
    public BenchCommand(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || runs < 1 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "need --threads >= 1, --runs >= 1, --warmup >= 0");
        }
        TfliteModel m = CommandSupport.readModel(model);
        Backend b = backend != null ? backend : Backend.detect();
        BenchResult r = BenchRunner.run(m, b, threads, warmup, runs);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(CommandSupport.json(r.toMap()));
        } else {
            out.printf(Locale.ROOT, "model     %s%n", m.source());
            out.printf(Locale.ROOT, "backend   %s, %d thread(s)%s%n", b.describe(), threads,
                    b.name().equals("scalar") ? " [" + b.note() + "]" : "");
            out.printf(Locale.ROOT, "runs      %d timed after %d warm-up%n", r.runs(), warmup);
            out.printf(Locale.ROOT, "latency   p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  min %.3f ms%n",
                    r.percentile(50), r.percentile(90), r.percentile(99), r.minMs());
            out.printf(Locale.ROOT, "arena     %,d bytes%n", r.arenaBytes());
            out.printf(Locale.ROOT, "peak heap %,d bytes%n", r.peakHeapBytes());
        }
        out.flush();
        return CommandSupport.OK;
    }
}
