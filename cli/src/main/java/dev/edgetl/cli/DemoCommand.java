package dev.edgetl.cli;

import dev.edgetl.runtime.app.Backend;
import dev.edgetl.runtime.app.BenchResult;
import dev.edgetl.runtime.app.BenchRunner;
import dev.edgetl.runtime.app.Classifier;
import dev.edgetl.runtime.app.CommandSupport;
import dev.edgetl.runtime.app.Labels;
import dev.edgetl.runtime.app.ModelCardHints;
import dev.edgetl.runtime.app.Prediction;
import dev.edgetl.runtime.app.Preprocessing;
import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.inspect.ModelSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The offline demo, for now the runtime part only: every fixture model is inspected, classifies every fixture
 * image (top-1) and is timed briefly. The train / compress / deploy stages are not wired in yet and the demo
 * says so rather than pretending.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Offline demo with no arguments: runs the edge runtime on the fixture models and images "
                + "(inspect summary, top-1 per image, a short benchmark).",
                "Fixtures: --fixtures DIR, else $EDGETL_FIXTURES, else ../shared/fixtures or shared/fixtures above the "
                        + "current directory or the jar.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  ./edgetl demo", "  ./edgetl demo --fixtures /data/edgetl-fixtures --runs 10"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, CommandSupport.EXIT_1, CommandSupport.EXIT_2})
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--fixtures", paramLabel = "DIR", description = "The fixtures folder (models/, images/).")
    Path fixtures;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Timed runs per model (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "Print the results as JSON instead of text.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Backend backend;

    public DemoCommand() {
        this(null);
    }

    public DemoCommand(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter realOut = spec.commandLine().getOut();
        // In --json mode the text goes nowhere and one JSON document is printed at the end.
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : realOut;
        Map<String, Object> report = new LinkedHashMap<>();
        List<Map<String, Object>> modelReports = new ArrayList<>();
        Path root = fixtures != null ? fixtures : findFixtures();
        if (root == null || !Files.isDirectory(root.resolve("models"))) {
            throw new CommandSupport.CommandException("no fixtures folder found (" + (root == null ? "searched $EDGETL_FIXTURES, ../shared/fixtures, shared/fixtures" : root + " has no models/")
                    + "): pass --fixtures DIR");
        }
        Backend b = backend != null ? backend : Backend.detect();
        List<Path> models = list(root.resolve("models"), ".tflite");
        List<Path> images = Files.isDirectory(root.resolve("images")) ? list(root.resolve("images"), "") : List.of();
        Path imagenetLabels = root.resolve("models/imagenet_labels.txt");
        out.printf(Locale.ROOT, "edgetl demo: the edge runtime on %d fixture models and %d images from %s%n", models.size(), images.size(), root);
        out.printf(Locale.ROOT, "backend: %s (%s)%n%n", b.describe(), b.note());
        report.put("fixtures", root.toString());
        report.put("backend", b.describe());
        report.put("models", modelReports);
        int ran = 0;
        for (Path model : models) {
            TfliteModel m = CommandSupport.readModel(model);
            ModelSummary s = ModelSummary.of(m, b.options(1));
            Map<String, Object> mr = new LinkedHashMap<>();
            modelReports.add(mr);
            mr.put("model", model.getFileName().toString());
            mr.put("macs", s.totalMacs());
            mr.put("parameters", s.parameterCount());
            mr.put("arenaBytes", s.arenaBytes() >= 0 ? s.arenaBytes() : null);
            mr.put("ran", s.arenaBytes() >= 0);
            out.printf(Locale.ROOT, "== %s%n", model.getFileName());
            out.printf(Locale.ROOT, "   input %s %s, output %s %s, %d ops, %.1f M MACs, %,d parameters, arena %s%n",
                    m.input(0).dtype(), shape(m.input(0).shape()), m.output(0).dtype(), shape(m.output(0).shape()),
                    m.operators().size(), s.totalMacs() / 1e6, s.parameterCount(),
                    s.arenaBytes() >= 0 ? String.format(Locale.ROOT, "%,d bytes", s.arenaBytes()) : "n/a");
            if (s.arenaBytes() < 0) {
                out.printf(Locale.ROOT, "   not run: %s%n", s.arenaNote().replaceFirst("^not planned \\(no interpreter\\): ", ""));
                mr.put("note", s.arenaNote());
                continue;
            }
            ran++;
            ModelMetadata md = s.metadata();
            Labels labels = Labels.resolve(null, ModelCardHints.besides(model), md);
            int classes = m.output(0).numElements();
            if (labels.isEmpty() && Files.isRegularFile(imagenetLabels) && classes == Labels.readFile(imagenetLabels).size()) {
                labels = Labels.resolve(imagenetLabels, null, md);
            }
            boolean classifier = m.input(0).shape().length == 4 && m.input(0).shape()[3] == 3 && !labels.isEmpty();
            if (classifier) {
                Preprocessing pre = Preprocessing.choose(m.input(0), null, null, ModelCardHints.besides(model), md);
                List<Map<String, Object>> top1 = new ArrayList<>();
                mr.put("top1", top1);
                try (Classifier c = new Classifier(m, b.options(1), labels, pre)) {
                    for (Path image : images) {
                        try {
                            Prediction p = c.classify(image, 1).get(0);
                            Map<String, Object> t = new LinkedHashMap<>();
                            t.put("image", image.getFileName().toString());
                            t.put("index", p.index());
                            t.put("label", p.label());
                            t.put("score", p.score());
                            top1.add(t);
                            out.printf(Locale.ROOT, "   %-18s -> %s (class %d, %.3f)%n", image.getFileName(), p.name(), p.index(), p.score());
                        } catch (IOException e) {
                            out.printf(Locale.ROOT, "   %-18s -> cannot be read: %s%n", image.getFileName(), e.getMessage());
                        }
                    }
                }
            } else {
                out.printf(Locale.ROOT, "   no class labels for output %s: not a classifier, not run on images%n", shape(m.output(0).shape()));
            }
            BenchResult r = BenchRunner.run(m, b, 1, 1, runs);
            mr.put("bench", r.toMap());
            out.printf(Locale.ROOT, "   bench (1 thread, %d runs): p50 %.1f ms, min %.1f ms%n", r.runs(), r.percentile(50), r.minMs());
            out.flush();
        }
        out.println();
        out.printf(Locale.ROOT, "%d of %d models ran in the edge runtime.%n", ran, models.size());
        out.println("Not in this demo yet: the train -> compress -> deploy stages (trainer, compressor, devices) are not wired");
        out.println("into `edgetl demo` in this build; only the runtime part above is real.");
        out.flush();
        if (json) {
            report.put("modelsRun", ran);
            report.put("stagesNotInDemo", List.of("train", "compress", "deploy"));
            realOut.println(CommandSupport.json(report));
            realOut.flush();
        }
        return CommandSupport.OK;
    }

    private static String shape(int[] s) {
        return java.util.Arrays.toString(s).replace(" ", "");
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    /** $EDGETL_FIXTURES, else ../shared/fixtures or shared/fixtures in the current directory or any parent, else the same above the jar. */
    static Path findFixtures() {
        String env = System.getenv("EDGETL_FIXTURES");
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath().normalize();
        }
        Path found = searchUp(Paths.get("").toAbsolutePath());
        if (found != null) {
            return found;
        }
        try {
            Path jar = Paths.get(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return searchUp(jar.getParent());
        } catch (Exception e) {
            return null;
        }
    }

    private static Path searchUp(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("../shared/fixtures"), dir.resolve("shared/fixtures")}) {
                if (Files.isDirectory(candidate.resolve("models"))) {
                    return candidate.toAbsolutePath().normalize();
                }
            }
        }
        return null;
    }
}
