package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.stream.Estimate;
import dev.edgetl.runtime.stream.SoftSensor;
import dev.edgetl.runtime.stream.SoftSensorCard;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a soft-sensor model sample by sample: read sensor rows from standard input, print one "
                + "estimate per row.",
                "",
                "The soft-sensor card (inputs, window, scalings, targets or labels) comes from --card, else from the "
                        + "model's edgetl.softsensor metadata, else from model.json beside the model.",
                "",
                "Input: CSV (comma or semicolon) or whitespace columns, numbers like 2.6890035e-001. With a header "
                        + "line (or --columns for a headerless input) the card's inputs are picked by name, so extra "
                        + "and reordered columns are fine; without one a row holds exactly the card's inputs in card "
                        + "order. Blank lines and lines starting with # are skipped.",
                "",
                "Output: one line per input row. Until the window is full (the first length-1 rows), and between "
                        + "strides when the card's window stride is above 1, the estimate is NA (csv) or null (jsonl). "
                        + "Regression estimates are in the targets' own units; classification prints the label and "
                        + "the class probabilities.",
                "",
                "Bad input stops the stream with exit code 1 and an error naming the line and the column (short "
                        + "row, empty or non-numeric cell, NaN or infinite reading); the estimates before it are "
                        + "already printed. No value is guessed.",
                "",
                "--bench N: no input is read; N synthetic samples (card mean + std * Gaussian noise) are pushed and the "
                        + "per-sample latency (push = scale + window + inference + unscale) is reported.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  stream --model debutanizer_lstm.tflite < debutanizer.csv",
                "  stream --model m.tflite --card model.json --format jsonl < sensors.txt",
                "  stream --model m.tflite --columns u1,u2,u3,u4,u5,u6,u7 < no_header.txt",
                "  stream --model m.tflite --bench 2000"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, "1:error (unreadable model or card, bad input row: see the message)",
            CommandSupport.EXIT_2})
public final class StreamCommand implements Callable<Integer> {
    /** Output formats. */
    public enum Format {
        csv, jsonl
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The soft-sensor .tflite file.")
    Path model;

    @Option(names = "--card", paramLabel = "CARD", description = "The soft-sensor card (model.json); overrides the "
            + "card embedded in the model.")
    Path card;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "csv",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--json", description = "Same as --format jsonl (one JSON object per input row; with --bench, "
            + "the latency as JSON).")
    boolean json;

    @Option(names = "--columns", split = ",", paramLabel = "NAME",
            description = "Names of the input's columns when it has no header line (the card's inputs are picked by name).")
    List<String> columns;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--bench", paramLabel = "N", description = "Time N synthetic samples instead of reading input; "
            + "prints per-sample latency percentiles.")
    Integer bench;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Backend backend;
    private final InputStream stdin;

    public StreamCommand() {
        this(null, null);
    }

    /** With a fixed backend and input (tests, embedding); nulls = {@link Backend#detect()} and System.in. */
    public StreamCommand(Backend backend, InputStream stdin) {
        this.backend = backend;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        if (json) {
            format = Format.jsonl;
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (bench != null && bench < 1) {
            throw new ParameterException(spec.commandLine(), "--bench needs at least 1 sample, got " + bench);
        }
        TfliteModel m = CommandSupport.readModel(model);
        SoftSensorCard c = SoftSensorCards.forModel(m, model, card);
        Backend b = backend != null ? backend : Backend.detect();
        try (SoftSensor sensor = new SoftSensor(m, c, b.options(threads))) {
            return bench != null ? bench(sensor, b) : stream(sensor);
        }
    }

    private int stream(SoftSensor sensor) throws Exception {
        SoftSensorCard c = sensor.card();
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin != null ? stdin : System.in,
                StandardCharsets.UTF_8));
        LaggedInputs lags = new LaggedInputs(c.inputs());
        SensorRows rows = new SensorRows(in, lags.columns, columns);
        if (format == Format.csv) {
            out.println(csvHeader(c));
        }
        int n = 0;
        for (SensorRows.Row row = rows.next(); row != null; row = rows.next()) {
            Optional<Estimate> e;
            try {
                double[] sample = lags.push(row.values);
                e = sample == null ? Optional.empty() : sensor.push(sample);
            } catch (IllegalArgumentException | IllegalStateException ex) {
                out.flush();
                throw new CommandSupport.CommandException("line " + row.line + ": " + ex.getMessage());
            }
            out.println(format == Format.csv ? csv(row.line, c, e) : jsonl(row.line, c, e));
            n++;
        }
        out.flush();
        if (n == 0) {
            spec.commandLine().getErr().println("warning: no sensor rows on the input");
        } else if (n < c.windowLength() + lags.maxLag()) {
            spec.commandLine().getErr().printf(Locale.ROOT, "warning: only %d rows, fewer than one window of %d"
                    + (lags.maxLag() > 0 ? " plus the largest input lag %d" : "") + ": no estimate%n", n,
                    c.windowLength(), lags.maxLag());
        }
        return CommandSupport.OK;
    }

    static String csvHeader(SoftSensorCard c) {
        StringBuilder s = new StringBuilder("line");
        if (c.task() == SoftSensorCard.Task.REGRESSION) {
            for (String t : c.targets()) {
                s.append(',').append(t);
            }
        } else {
            s.append(",label");
            for (String l : c.labels()) {
                s.append(",p_").append(l);
            }
        }
        return s.toString();
    }

    static String csv(int line, SoftSensorCard c, Optional<Estimate> e) {
        StringBuilder s = new StringBuilder().append(line);
        int n = c.task() == SoftSensorCard.Task.REGRESSION ? c.targets().size() : c.labels().size() + 1;
        if (!e.isPresent()) {
            for (int k = 0; k < n; k++) {
                s.append(",NA");
            }
            return s.toString();
        }
        Estimate est = e.get();
        if (est.isClassification()) {
            s.append(',').append(est.label());
        }
        for (double v : est.values()) {
            s.append(',').append(number(v));
        }
        return s.toString();
    }

    static String jsonl(int line, SoftSensorCard c, Optional<Estimate> e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("line", line);
        if (c.task() == SoftSensorCard.Task.REGRESSION) {
            for (int k = 0; k < c.targets().size(); k++) {
                r.put(c.targets().get(k), e.isPresent() ? (Object) (float) e.get().value(k) : null);
            }
        } else {
            r.put("label", e.isPresent() ? e.get().label() : null);
            Map<String, Object> p = null;
            if (e.isPresent()) {
                p = new LinkedHashMap<>();
                for (int k = 0; k < c.labels().size(); k++) {
                    p.put(c.labels().get(k), (float) e.get().value(k));
                }
            }
            r.put("probabilities", p);
        }
        return jsonLine(r);
    }

    /** The model computes in float32: print that precision, shortest form. */
    private static String number(double v) {
        return Float.toString((float) v);
    }

    private static String jsonLine(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int bench(SoftSensor sensor, Backend b) {
        SoftSensorCard c = sensor.card();
        Random rnd = new Random(42);
        double[] sample = new double[c.features()];
        int warmup = c.windowLength() + 50;
        double[] ms = new double[bench];
        int estimates = 0;
        for (int k = -warmup; k < bench; k++) {
            for (int f = 0; f < sample.length; f++) {
                sample[f] = c.unscaleInput(f, rnd.nextGaussian());
            }
            long t0 = System.nanoTime();
            Optional<Estimate> e = sensor.push(sample);
            long t1 = System.nanoTime();
            if (k >= 0) {
                ms[k] = (t1 - t0) / 1e6;
                estimates += e.isPresent() ? 1 : 0;
            }
        }
        BenchResult r = new BenchResult(model.toString(), b.name(), threads, warmup, ms, 0, 0);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model.toString());
            m.put("backend", b.name());
            m.put("threads", threads);
            m.put("window", c.windowLength());
            m.put("stride", c.windowStride());
            m.put("samples", bench);
            m.put("estimates", estimates);
            m.put("p50Ms", r.percentile(50));
            m.put("p90Ms", r.percentile(90));
            m.put("p99Ms", r.percentile(99));
            m.put("maxMs", r.percentile(100));
            out.println(jsonLine(m));
        } else {
            out.printf(Locale.ROOT, "model     %s (%s %s, window %d, stride %d, %d inputs)%n", model, c.model(),
                    c.task().name().toLowerCase(Locale.ROOT), c.windowLength(), c.windowStride(), c.features());
            out.printf(Locale.ROOT, "backend   %s, %d thread(s)%n", b.describe(), threads);
            out.printf(Locale.ROOT, "samples   %d timed (%d estimates) after %d warm-up%n", bench, estimates, warmup);
            out.printf(Locale.ROOT, "per sample p50 %.4f ms  p90 %.4f ms  p99 %.4f ms  max %.4f ms%n",
                    r.percentile(50), r.percentile(90), r.percentile(99), r.percentile(100));
        }
        out.flush();
        return CommandSupport.OK;
    }
}
