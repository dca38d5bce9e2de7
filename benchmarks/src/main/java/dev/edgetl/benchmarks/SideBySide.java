package dev.edgetl.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.format.ModelWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The side-by-side speed harness: the same model and the same input bytes, one thread, through edge-runtime
 * and TensorFlow Lite (2.21 with and without XNNPACK, 2.6 through DJL). Reports p50/p90 latency, our ratio to
 * each TFLite, and how far each backend's output is from the TFLite 2.21 builtin reference.
 *
 * <p>A benchmark, never a test: nothing here asserts a time. Run it with {@code benchmarks/run.sh}.
 */
@Command(name = "side-by-side", mixinStandardHelpOptions = true,
        description = "edge-runtime vs TensorFlow Lite, one thread, same model and input.")
public final class SideBySide implements Callable<Integer> {
    static final List<String> DEFAULT_MODELS = List.of(
            "mobilenet_v2_1.0_224_quant.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite",
            "mobilenet_v1_0.25_224_float.tflite");

    @Option(names = "--fixtures", description = "Fixtures folder (default: $EDGETL_FIXTURES or ../shared/fixtures).")
    Path fixtures;

    @Option(names = "--model", split = ",", description = "Model file names under <fixtures>/models, or paths.")
    List<String> models = new ArrayList<>(DEFAULT_MODELS);

    @Option(names = "--image", description = "Fixture image fed to every backend (default: ${DEFAULT-VALUE}).")
    String image = "grace_hopper.bmp";

    @Option(names = "--warmup", description = "Warm-up runs per backend (default: ${DEFAULT-VALUE}).")
    int warmup = 30;

    @Option(names = "--warmup-seconds", description = "Keep warming up at least this long, for the JIT (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 3;

    @Option(names = "--runs", description = "Timed runs per backend (default: ${DEFAULT-VALUE}).")
    int runs = 50;

    @Option(names = "--backends", split = ",", description = "Subset of: ${COMPLETION-CANDIDATES} (default: all).")
    List<BackendKind> backends = new ArrayList<>(List.of(BackendKind.values()));

    @Option(names = "--json", description = "JSON result file (default: benchmarks/target/side-by-side-jdk<N>.json).")
    Path json;

    @Option(names = "--markdown", description = "Also write the Markdown table to this file.")
    Path markdown;

    enum BackendKind { edge, tflite221_xnnpack, tflite221_builtin, tflite26_djl }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SideBySide()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    /** One backend's measurement of one model. */
    static final class Row {
        public String model;
        public String backend;
        public String error;
        public double p50Ms;
        public double p90Ms;
        public double minMs;
        public double meanMs;
        public int runs;
        public int top1 = -1;
        /** Largest difference to TFLite 2.21 builtin: quantization steps for integer outputs, absolute for float. */
        public Double maxDiffVsReference;
        public Map<String, Object> extra = new LinkedHashMap<>();
    }

    @Override
    public Integer call() throws Exception {
        Path root = fixtures != null ? fixtures : defaultFixtures();
        Map<String, Object> env = environment();
        System.out.println("edgetl side-by-side: " + env);
        List<Row> rows = new ArrayList<>();
        for (String m : models) {
            Path modelPath = m.contains("/") ? Paths.get(m) : root.resolve("models").resolve(m);
            rows.addAll(measureModel(modelPath, root.resolve("images").resolve(image)));
        }
        env.put("loadAverageAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        String table = markdownTable(rows, env);
        System.out.println();
        System.out.println(table);
        Path jsonFile = json != null ? json
                : Paths.get("benchmarks", "target", "side-by-side-jdk" + Runtime.version().feature() + ".json");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("environment", env);
        doc.put("settings", Map.of("warmup", warmup, "warmupSeconds", warmupSeconds, "runs", runs, "image", image,
                "threads", 1));
        doc.put("results", rows);
        byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
        ModelWriter.writeAtomically(jsonFile, bytes);
        System.out.println("JSON: " + jsonFile.toAbsolutePath());
        if (markdown != null) {
            ModelWriter.writeAtomically(markdown, table.getBytes(StandardCharsets.UTF_8));
            System.out.println("Markdown: " + markdown.toAbsolutePath());
        }
        return 0;
    }

    static Path defaultFixtures() {
        String env = System.getenv("EDGETL_FIXTURES");
        return env != null && !env.isEmpty() ? Paths.get(env) : Paths.get("..", "shared", "fixtures");
    }

    private List<Row> measureModel(Path modelPath, Path imagePath) throws IOException {
        String modelName = modelPath.getFileName().toString().replace(".tflite", "");
        TfliteModel spec = ModelReader.read(modelPath);
        List<byte[]> inputs = List.of(ModelInputs.fromImage(imagePath, spec.input(0)));
        List<Row> rows = new ArrayList<>();
        // The reference output comes from TFLite 2.21 builtin, whichever backends are timed.
        List<byte[]> reference;
        try (Tflite221Backend ref = new Tflite221Backend(modelPath, false)) {
            ref.setInputs(inputs);
            ref.run();
            reference = ref.outputs();
        }
        for (BackendKind kind : backends) {
            for (Variant v : variants(kind, modelPath)) {
                Row row = new Row();
                row.model = modelName;
                row.backend = v.name;
                System.out.printf(Locale.ROOT, "%-40s %-28s ", modelName, v.name);
                try (Backend b = v.open()) {
                    b.setInputs(inputs);
                    time(b, row);
                    List<byte[]> outs = b.outputs();
                    row.top1 = argmax(outs.get(0), spec.output(0));
                    row.maxDiffVsReference = maxDiff(outs.get(0), reference.get(0), spec.output(0));
                    row.extra.putAll(v.extra);
                    System.out.printf(Locale.ROOT, "p50 %8.3f ms  p90 %8.3f ms  top-1 %d%n", row.p50Ms, row.p90Ms,
                            row.top1);
                } catch (RuntimeException | LinkageError e) {
                    row.error = e.getClass().getSimpleName() + ": " + e.getMessage();
                    System.out.println("FAILED " + row.error);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void time(Backend b, Row row) {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int k = 0; k < warmup || System.nanoTime() < warmEnd; k++) {
            b.run();
        }
        long[] samples = new long[runs];
        for (int k = 0; k < runs; k++) {
            long t0 = System.nanoTime();
            b.run();
            samples[k] = System.nanoTime() - t0;
        }
        LatencyStats s = new LatencyStats(samples);
        row.p50Ms = s.percentileMs(50);
        row.p90Ms = s.percentileMs(90);
        row.minMs = s.minMs();
        row.meanMs = s.meanMs();
        row.runs = s.count();
    }

    /** A named way to open a backend on a model. */
    static final class Variant {
        final String name;
        final BackendOpener opener;
        final Map<String, Object> extra = new LinkedHashMap<>();

        Variant(String name, BackendOpener opener) {
            this.name = name;
            this.opener = opener;
        }

        Backend open() {
            try {
                return opener.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    interface BackendOpener {
        Backend open() throws IOException;
    }

    private static List<Variant> variants(BackendKind kind, Path model) {
        List<Variant> v = new ArrayList<>();
        switch (kind) {
            case edge:
                for (EdgeVariants.Named n : EdgeVariants.all()) {
                    Variant var = new Variant(n.name, () -> new EdgeRuntimeBackend(n.name, model, n.options));
                    var.extra.put("vectorApi", n.vectorApi);
                    v.add(var);
                }
                break;
            case tflite221_xnnpack:
                v.add(new Variant("tflite-2.21-xnnpack", () -> new Tflite221Backend(model, true)));
                break;
            case tflite221_builtin:
                v.add(new Variant("tflite-2.21-builtin", () -> new Tflite221Backend(model, false)));
                break;
            case tflite26_djl:
                v.add(new Variant("tflite-2.6-djl", () -> new Djl26Backend(model, false)));
                break;
            default:
                throw new IllegalArgumentException(kind.toString());
        }
        return v;
    }

    static int argmax(byte[] out, TensorSpec spec) {
        float[] f = values(out, spec.dtype());
        int best = 0;
        for (int k = 1; k < f.length; k++) {
            if (f[k] > f[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Quantization steps for 8-bit outputs, absolute difference for float outputs. */
    static double maxDiff(byte[] a, byte[] b, TensorSpec spec) {
        float[] x = values(a, spec.dtype());
        float[] y = values(b, spec.dtype());
        if (x.length != y.length) {
            return Double.NaN;
        }
        double max = 0;
        for (int k = 0; k < x.length; k++) {
            max = Math.max(max, Math.abs((double) x[k] - y[k]));
        }
        return max;
    }

    static float[] values(byte[] bytes, DType dtype) {
        float[] f;
        switch (dtype) {
            case UINT8:
                f = new float[bytes.length];
                for (int k = 0; k < bytes.length; k++) {
                    f[k] = bytes[k] & 0xFF;
                }
                return f;
            case INT8:
                f = new float[bytes.length];
                for (int k = 0; k < bytes.length; k++) {
                    f[k] = bytes[k];
                }
                return f;
            case FLOAT32:
                f = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                return f;
            default:
                throw new IllegalArgumentException("outputs of type " + dtype + " are not compared");
        }
    }

    static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        env.put("jdkFeature", Runtime.version().feature());
        env.put("vectorApiModule", EdgeVariants.vectorApiModulePresent());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cpu", cpuModel());
        env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        // Other processes on the machine disturb the timings: the 1-minute load average says how much.
        env.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        return env;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture above is all we report
        }
        return System.getProperty("os.arch");
    }

    static String markdownTable(List<Row> rows, Map<String, Object> env) {
        StringBuilder sb = new StringBuilder();
        sb.append("JDK: ").append(env.get("jdk")).append("; Vector API module: ").append(env.get("vectorApiModule"))
                .append("; edge-runtime Vector API kernels: ")
                .append(EdgeVariants.vectorOptions(dev.edgetl.runtime.interpreter.InterpreterOptions.defaults()) != null
                        ? "used (" + EdgeVariants.VECTOR + " rows)" : "not available")
                .append("; CPU: ").append(env.get("cpu")).append(" (").append(env.get("availableProcessors"))
                .append(" cores, load average ").append(env.get("loadAverageAtStart")).append(" -> ")
                .append(env.get("loadAverageAtEnd")).append("); 1 thread\n\n");
        sb.append("| model | backend | p50 ms | p90 ms | best edge-runtime p50 / this | top-1 | max diff vs 2.21 builtin |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        // The ratio column divides edge-runtime's best p50 (plain or Vector API) by each TFLite's.
        Map<String, Double> ourP50 = new LinkedHashMap<>();
        Map<String, String> ourBackend = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.error == null && r.backend.startsWith("edge-runtime")
                    && (!ourP50.containsKey(r.model) || r.p50Ms < ourP50.get(r.model))) {
                ourP50.put(r.model, r.p50Ms);
                ourBackend.put(r.model, r.backend);
            }
        }
        for (Row r : rows) {
            if (r.error != null) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | n/a | n/a | | | %s |%n", r.model, r.backend,
                        r.error.replace('|', '/').replace('\n', ' ')));
                continue;
            }
            Double ours = ourP50.get(r.model);
            String ratio = ours == null || r.backend.startsWith("edge-runtime") ? ""
                    : String.format(Locale.ROOT, "%.2fx (%s)", ours / r.p50Ms,
                            ourBackend.get(r.model).equals(EdgeVariants.VECTOR) ? "vector" : "plain");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s | %d | %s |%n", r.model, r.backend,
                    r.p50Ms, r.p90Ms, ratio, r.top1, formatDiff(r.maxDiffVsReference)));
        }
        return sb.toString();
    }

    private static String formatDiff(Double d) {
        if (d == null) {
            return "";
        }
        return d == Math.rint(d) && d < 1000 ? String.valueOf(d.intValue()) : String.format(Locale.ROOT, "%.3g", d);
    }
}
