package dev.edgetl.cli.pipeline;

import dev.edgetl.compressor.evaluate.DevicesEstimator;

import dev.edgetl.cli.pipeline.PipelineConfig.Training;
import dev.edgetl.compressor.CompressConfig;
import dev.edgetl.compressor.Compressor;
import dev.edgetl.compressor.budget.Verdict;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.evaluate.EdgeRuntimeRunner;
import dev.edgetl.compressor.calibrate.InterpreterRecorder;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.report.Report;
import dev.edgetl.devices.connect.Connector;
import dev.edgetl.devices.connect.Targets;
import dev.edgetl.devices.deploy.DeployReport;
import dev.edgetl.devices.deploy.DeployRequest;
import dev.edgetl.devices.deploy.Deployer;
import dev.edgetl.devices.estimate.Calibration;
import dev.edgetl.devices.profiles.ProfileCatalog;
import dev.edgetl.runtime.app.Backend;
import dev.edgetl.runtime.app.BenchResult;
import dev.edgetl.runtime.app.BenchRunner;
import dev.edgetl.runtime.app.Classifier;
import dev.edgetl.runtime.app.Labels;
import dev.edgetl.runtime.app.ModelCardHints;
import dev.edgetl.runtime.app.Prediction;
import dev.edgetl.runtime.app.Preprocessing;
import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.trainer.TrainingRun;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.train.FreezePolicy;
import dev.edgetl.trainer.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * train -> export -> compress -> verdict -> runtime check -> (deploy), by calling the trainer, compressor and devices
 * APIs. Each stage is skipped when the content hash of its inputs (config section + input files) equals the one
 * recorded when it last finished ({@code <out>/stages/<stage>.json}).
 */
public final class Pipeline {
    public static final String PRETRAIN = "pretrain";
    public static final String TRAIN = "train";
    public static final String BASELINE = "baseline";
    public static final String COMPRESS = "compress";
    public static final String RUNTIME = "runtime";
    public static final String DEPLOY = "deploy";

    private final PipelineConfig config;
    private final Path configDir;
    private final Path out;
    private final PrintStream log;
    private final boolean progressBars;
    private final List<String> order = new ArrayList<>();
    private final Map<String, StageRecord> records = new LinkedHashMap<>();
    private final Map<String, Boolean> skipped = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    /**
     * @param configDir relative paths in the config are resolved against it
     * @param log the one progress display (stage lines; the trainer's and compressor's progress bars go to stderr)
     */
    public Pipeline(PipelineConfig config, Path configDir, Path out, PrintStream log, boolean progressBars) {
        this.config = config;
        this.configDir = configDir.toAbsolutePath().normalize();
        this.out = out.toAbsolutePath().normalize();
        this.log = log;
        this.progressBars = progressBars;
        if (config.pretrain != null) order.add(PRETRAIN);
        order.add(TRAIN);
        if (config.baseline != null) order.add(BASELINE);
        order.add(COMPRESS);
        order.add(RUNTIME);
        if (config.deploy != null) order.add(DEPLOY);
    }

    /** What a run produced: the stage records, which stages were skipped, the top-level report. */
    public static final class Outcome {
        public final Map<String, StageRecord> stages;
        public final Map<String, Boolean> skipped;
        public final Map<String, Object> report;
        public final Path reportHtml;
        public final Path reportJson;

        Outcome(Map<String, StageRecord> stages, Map<String, Boolean> skipped, Map<String, Object> report, Path html, Path json) {
            this.stages = stages;
            this.skipped = skipped;
            this.report = report;
            this.reportHtml = html;
            this.reportJson = json;
        }

        /** True when a compressed variant meets every budget criterion. */
        @SuppressWarnings("unchecked")
        public boolean budgetMet() {
            Map<String, Object> c = (Map<String, Object>) stages.get(COMPRESS).summary;
            return c.get("chosen") != null;
        }
    }

    /** Facts about the run shown at the top of the report (e.g. which dataset the demo used). */
    public Pipeline context(String key, Object value) {
        context.put(key, value);
        return this;
    }

    public Path out() {
        return out;
    }

    public List<String> stages() {
        return List.copyOf(order);
    }

    private Path resolve(String p) {
        return configDir.resolve(p).normalize();
    }

    /** Checks every input file/folder before any stage runs, naming the field. */
    public void checkInputs() {
        requireDir("data", config.data);
        if (config.evalData != null) requireDir("evalData", config.evalData);
        if (config.pretrain != null) {
            requireDir("pretrain.data", config.pretrain.data);
            requireBase("pretrain.base", config.pretrain.base);
        }
        if (!PipelineConfig.FROM_PRETRAIN.equals(config.base)) requireBase("base", config.base);
        if (config.baseline != null) requireBase("baseline.base", config.baseline.base);
        if (config.deploy != null && config.deploy.runtimeJar != null && !Files.isRegularFile(resolve(config.deploy.runtimeJar))) {
            throw new PipelineConfig.ConfigException("deploy.runtimeJar: " + resolve(config.deploy.runtimeJar) + ": no such file");
        }
        if (!DevicesEstimator.builtin().knows(config.budget.device)) {
            throw new PipelineConfig.ConfigException("budget.device: unknown device profile '" + config.budget.device
                    + "' (known: " + DevicesEstimator.builtin().knownProfiles() + ")");
        }
    }

    private void requireDir(String field, String p) {
        if (!Files.isDirectory(resolve(p))) {
            throw new PipelineConfig.ConfigException(field + ": " + resolve(p) + " is not a folder");
        }
    }

    private void requireBase(String field, String spec) {
        if (!spec.startsWith("scratch:") && !Files.isRegularFile(resolve(spec))) {
            throw new PipelineConfig.ConfigException(field + ": " + resolve(spec) + ": no such file (a MobileNetV2 .tflite,"
                    + " or scratch:mobilenet_v2[:width])");
        }
    }

    private String baseSpec(String spec) {
        return spec.startsWith("scratch:") ? spec : resolve(spec).toString();
    }

    public Outcome run() throws IOException {
        checkInputs();
        Files.createDirectories(out);
        Files.writeString(out.resolve("pipeline.effective.yaml"), config.toYaml());
        int n = 0;
        for (String stage : order) {
            n++;
            runStage(n, stage);
        }
        Map<String, Object> report = PipelineReport.build(config, out, order, records, skipped);
        if (!context.isEmpty()) {
            report.put("context", context);
        }
        Path json = out.resolve("report.json");
        Path html = out.resolve("report.html");
        PipelineReport.write(report, json, html);
        return new Outcome(records, skipped, report, html, json);
    }

    private void runStage(int n, String stage) throws IOException {
        String hash = inputsHash(stage);
        StageRecord old = StageRecord.read(out, stage);
        String label = String.format(Locale.ROOT, "[%d/%d] %-9s", n, order.size(), stage);
        if (old != null && hash.equals(old.inputsHash) && outputsPresent(old)) {
            log.printf(Locale.ROOT, "%s skipped: inputs unchanged since %s (hash %s)%n", label, old.finishedUtc,
                    hash.substring(0, 12));
            records.put(stage, old);
            skipped.put(stage, true);
            return;
        }
        log.printf(Locale.ROOT, "%s running%s%n", label, old == null ? "" : " (inputs changed)");
        log.flush();
        StageRecord.delete(out, stage);
        long t0 = System.nanoTime();
        StageRecord r = new StageRecord();
        r.stage = stage;
        r.inputsHash = hash;
        switch (stage) {
            case PRETRAIN -> train(r, resolve(config.pretrain.data), baseSpec(config.pretrain.base), config.pretrain.training);
            case TRAIN -> train(r, resolve(config.data), trainBase(), config.training);
            case BASELINE -> train(r, resolve(config.data), baseSpec(config.baseline.base), baselineTraining());
            case COMPRESS -> compress(r);
            case RUNTIME -> runtime(r);
            case DEPLOY -> deploy(r);
            default -> throw new IllegalStateException(stage);
        }
        r.seconds = Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
        r.finishedUtc = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        r.write(out);
        records.put(stage, r);
        skipped.put(stage, false);
        log.printf(Locale.ROOT, "%s done in %.1f s%s%n", label, r.seconds, oneLine(stage, r));
        log.flush();
    }

    private static String oneLine(String stage, StageRecord r) {
        Map<String, Object> s = r.summary;
        return switch (stage) {
            case PRETRAIN, TRAIN, BASELINE -> String.format(Locale.ROOT, ": validation accuracy %.4f (%s train / %s val images)",
                    ((Number) s.get("valAccuracy")).doubleValue(), s.get("trainImages"), s.get("valImages"));
            case COMPRESS -> ": chosen variant " + (s.get("chosen") == null ? "none (no variant meets the budget)" : s.get("chosen"));
            case RUNTIME -> String.format(Locale.ROOT, ": %s accuracy %.4f on %s images, p50 %.2f ms", s.get("variant"),
                    ((Number) s.get("accuracy")).doubleValue(), s.get("images"), ((Number) s.get("p50Ms")).doubleValue());
            default -> "";
        };
    }

    private boolean outputsPresent(StageRecord r) {
        Object dir = r.summary.get("dir");
        return dir == null || Files.isDirectory(out.resolve(dir.toString()));
    }

    private String trainBase() {
        return PipelineConfig.FROM_PRETRAIN.equals(config.base) ? out.resolve(PRETRAIN).resolve("model.tflite").toString()
                : baseSpec(config.base);
    }

    private Training baselineTraining() {
        return config.baseline.training != null ? config.baseline.training : config.training;
    }

    private Path trainedModel() {
        return out.resolve(TRAIN).resolve("model.tflite");
    }

    private Path calibrationDir() {
        Path data = resolve(config.data);
        return Files.isDirectory(data.resolve("train")) ? data.resolve("train") : data;
    }

    private Path evalDir() {
        if (config.evalData != null) return resolve(config.evalData);
        Path val = resolve(config.data).resolve("val");
        return Files.isDirectory(val) ? val : null;
    }

    String inputsHash(String stage) throws IOException {
        InputsHash h = new InputsHash().text("stage " + stage).config("architecture", config.architecture);
        switch (stage) {
            case PRETRAIN -> {
                h.config("pretrain", config.pretrain);
                h.path("data", resolve(config.pretrain.data));
                if (!config.pretrain.base.startsWith("scratch:")) h.path("base", resolve(config.pretrain.base));
            }
            case TRAIN -> {
                h.config("training", config.training).config("base", config.base);
                h.path("data", resolve(config.data));
                if (PipelineConfig.FROM_PRETRAIN.equals(config.base)) {
                    h.path("base", out.resolve(PRETRAIN).resolve("model.tflite"));
                } else if (!config.base.startsWith("scratch:")) {
                    h.path("base", resolve(config.base));
                }
            }
            case BASELINE -> {
                h.config("baseline.base", config.baseline.base).config("baseline.training", baselineTraining());
                h.path("data", resolve(config.data));
                if (!config.baseline.base.startsWith("scratch:")) h.path("base", resolve(config.baseline.base));
            }
            case COMPRESS -> {
                h.config("compress", config.compress).config("budget", config.budget);
                h.path("model", trainedModel()).path("card", out.resolve(TRAIN).resolve("model.json"));
                h.path("calibration", calibrationDir()).path("eval", evalDir());
            }
            case RUNTIME -> {
                h.path("variant", runtimeModel()).path("card", out.resolve(TRAIN).resolve("model.json"));
                h.path("eval", runtimeEvalDir());
            }
            case DEPLOY -> {
                h.config("deploy", config.deploy).config("budget", config.budget);
                h.path("variant", runtimeModel());
            }
            default -> throw new IllegalStateException(stage);
        }
        return h.hex();
    }

    // ---- train (also pretrain and baseline): TrainingRun = train + evaluate + export + model card + report

    static TrainConfig trainConfig(Training t, boolean progress) {
        TrainConfig c = new TrainConfig();
        c.mode = "finetune".equalsIgnoreCase(t.mode) ? TrainConfig.Mode.FINETUNE : TrainConfig.Mode.FEATURES;
        c.epochs = t.epochs;
        c.batchSize = t.batchSize;
        c.learningRate = t.learningRate;
        c.weightDecay = t.weightDecay;
        c.patience = t.patience;
        c.seed = t.seed;
        c.imageSize = t.imageSize;
        c.freeze = FreezePolicy.parse(t.freeze);
        c.augment = t.augment;
        c.centerCrop = t.centerCrop;
        c.valFraction = t.valFraction;
        c.limitPerSplit = t.limitPerSplit;
        c.progress = progress;
        return c;
    }

    private void train(StageRecord r, Path data, String base, Training t) throws IOException {
        Path dir = out.resolve(r.stage);
        deleteTree(dir);
        TrainConfig cfg = trainConfig(t, progressBars);
        ImageFolder folder = TrainingRun.openDataset(data, cfg);
        TrainingRun.Outcome o = TrainingRun.run(folder, base, cfg, dir, false, log);
        Map<String, Object> s = r.summary;
        s.put("dir", r.stage);
        s.put("base", base.startsWith("scratch:") ? base : out.relativize(Path.of(base)).toString());
        s.put("classes", o.result.classes);
        s.put("trainImages", o.result.trainCount);
        s.put("valImages", o.result.valCount);
        s.put("valAccuracy", o.evaluation.accuracy);
        s.put("bestEpoch", o.result.bestEpoch);
        s.put("epochsRun", o.result.history.size());
        s.put("imageSize", cfg.imageSize);
        s.put("mode", cfg.mode.name().toLowerCase(Locale.ROOT));
        s.put("trainMillis", o.result.trainMillis);
        s.put("model", out.relativize(o.tflite).toString());
        s.put("modelBytes", Files.size(o.tflite));
        s.put("card", out.relativize(o.card).toString());
        s.put("report", out.relativize(o.report).toString());
        s.put("edgeRuntimeCheck", o.runtimeCheck);
    }

    // ---- compress + verdict

    private void compress(StageRecord r) throws IOException {
        PipelineConfig.Compress c = config.compress;
        Path dir = out.resolve(COMPRESS);
        Path budgetFile = out.resolve("stages").resolve("budget.yaml");
        Files.createDirectories(budgetFile.getParent());
        Files.writeString(budgetFile, PipelineConfig.yaml().writeValueAsString(config.budget));
        CompressConfig cc = new CompressConfig(trainedModel(), calibrationDir(), evalDir(), budgetFile, dir, c.variants,
                c.method == null ? null : RangeMethod.parse(c.method), c.compareMethods, c.calibrationImages,
                Int8Options.IoType.FLOAT32, java.util.Set.of(), 0, null, Map.of(), null, null, c.warmup, c.runs, true, c.seed);
        InterpreterOptions options = InterpreterOptions.defaults().withThreads(c.threads);
        Compressor compressor = new Compressor(EdgeRuntimeRunner.factory(options), m -> new InterpreterRecorder(m, options),
                new DevicesEstimator(dev.edgetl.devices.profiles.ProfileCatalog.builtin(), dev.edgetl.devices.estimate.Calibration.builtin(), c.threads), new StepLog(log));
        Compressor.Result res = compressor.run(cc);
        Report rep = res.report();
        Map<String, Object> s = r.summary;
        s.put("dir", COMPRESS);
        s.put("report", COMPRESS + "/report.html");
        s.put("device", config.budget.device);
        s.put("budget", PipelineConfig.yaml().convertValue(config.budget, Map.class));
        s.put("calibrationMethod", rep.calibrationMethod());
        s.put("calibrationImages", rep.calibrationImages());
        s.put("evalImages", rep.evalImages());
        List<Map<String, Object>> variants = new ArrayList<>();
        String base = trainedModel().getFileName().toString().replaceFirst("\\.tflite$", "");
        for (VariantMetrics v : rep.variants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("file", v.name().equals("float") ? TRAIN + "/model.tflite" : COMPRESS + "/" + base + "." + v.name() + ".tflite");
            m.put("fileBytes", v.fileBytes());
            m.put("accuracy", v.accuracy());
            m.put("agreement", v.failed() ? null : v.agreement());
            m.put("hostP50Ms", v.failed() ? null : v.latencyP50Ms());
            m.put("hostP90Ms", v.failed() ? null : v.latencyP90Ms());
            m.put("deviceLatencyMs", v.estimate() == null ? null : v.estimate().latencyMs());
            m.put("deviceMemoryBytes", v.estimate() == null ? null : v.estimate().memoryBytes());
            m.put("estimateBasis", v.estimate() == null ? null : v.estimate().basis());
            m.put("error", v.error());
            Verdict.Row row = rep.verdict().rows().stream().filter(x -> x.variant().equals(v.name())).findFirst().orElse(null);
            m.put("pass", row != null && row.pass());
            List<Map<String, Object>> checks = new ArrayList<>();
            if (row != null) {
                for (Verdict.Check ch : row.checks()) {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("criterion", ch.criterion());
                    cm.put("limit", ch.limit());
                    cm.put("value", ch.value());
                    cm.put("pass", ch.pass());
                    checks.add(cm);
                }
            }
            m.put("checks", checks);
            variants.add(m);
        }
        s.put("variants", variants);
        s.put("chosen", rep.verdict().chosen());
        s.put("notes", rep.notes());
    }

    /** The compressor's steps as lines of the one progress display. */
    private static final class StepLog implements Compressor.Progress {
        private final PrintStream log;

        StepLog(PrintStream log) {
            this.log = log;
        }

        @Override
        public void step(String name, int total) {
            log.printf(Locale.ROOT, "          compress: %s%s%n", name, total > 1 ? " (" + total + ")" : "");
            log.flush();
        }

        @Override
        public void advance(int done) {}
    }

    // ---- runtime: the chosen variant (int8 when none passes) classifies the evaluation images in edge-runtime

    @SuppressWarnings("unchecked")
    private String runtimeVariant() {
        StageRecord c = records.get(COMPRESS);
        Object chosen = c.summary.get("chosen");
        if (chosen != null) return chosen.toString();
        List<Map<String, Object>> vs = (List<Map<String, Object>>) c.summary.get("variants");
        return vs.stream().anyMatch(v -> "int8".equals(v.get("name"))) ? "int8" : "float";
    }

    @SuppressWarnings("unchecked")
    private Path runtimeModel() {
        String v = runtimeVariant();
        List<Map<String, Object>> vs = (List<Map<String, Object>>) records.get(COMPRESS).summary.get("variants");
        return vs.stream().filter(m -> v.equals(m.get("name"))).map(m -> out.resolve(m.get("file").toString()))
                .findFirst().orElse(trainedModel());
    }

    private Path runtimeEvalDir() {
        Path e = evalDir();
        return e != null ? e : calibrationDir();
    }

    private void runtime(StageRecord r) throws IOException {
        Path model = runtimeModel();
        TfliteModel m = ModelReader.read(model);
        ModelCardHints card = ModelCardHints.read(out.resolve(TRAIN).resolve("model.json"));
        ModelMetadata md = ModelMetadata.of(m);
        Labels labels = Labels.resolve(null, card, md);
        // The trainer's card lists the labels inline ("labels": [...]); the runtime's card reader knows label files.
        List<String> cardLabels = new ArrayList<>();
        StageRecord.JSON.readTree(out.resolve(TRAIN).resolve("model.json").toFile()).path("labels")
                .forEach(n -> cardLabels.add(n.asText()));
        Preprocessing pre = Preprocessing.choose(m.input(0), null, null, card, md);
        Backend backend = Backend.detect();
        List<Path> images = new ArrayList<>();
        List<String> truth = new ArrayList<>();
        Path evalRoot = runtimeEvalDir();
        try (Stream<Path> classes = Files.list(evalRoot)) {
            for (Path cls : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(cls)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        images.add(f);
                        truth.add(cls.getFileName().toString());
                    }
                }
            }
        }
        int correct = 0;
        int unreadable = 0;
        List<Map<String, Object>> examples = new ArrayList<>();
        try (Classifier c = new Classifier(m, backend.options(1), labels, pre)) {
            for (int i = 0; i < images.size(); i++) {
                Prediction p;
                try {
                    p = c.classify(images.get(i), 1).get(0);
                } catch (IOException e) {
                    unreadable++;
                    continue;
                }
                String predicted = p.label() != null ? p.label()
                        : p.index() < cardLabels.size() ? cardLabels.get(p.index()) : p.name();
                boolean ok = truth.get(i).equals(predicted);
                correct += ok ? 1 : 0;
                if (examples.size() < 5 && i % Math.max(1, images.size() / 5) == 0) {
                    Map<String, Object> ex = new LinkedHashMap<>();
                    ex.put("image", out.relativize(images.get(i)).toString());
                    ex.put("truth", truth.get(i));
                    ex.put("predicted", predicted);
                    ex.put("score", p.score());
                    examples.add(ex);
                }
            }
        }
        int classified = images.size() - unreadable;
        if (classified == 0) {
            throw new IOException("runtime: no readable image in " + evalRoot);
        }
        // At least 20 warm-up runs: the first runs of a fresh JVM measure the JIT, not the model.
        BenchResult b = BenchRunner.run(m, backend, 1, Math.max(20, config.compress.warmup), config.compress.runs);
        Map<String, Object> s = r.summary;
        s.put("variant", runtimeVariant());
        s.put("model", out.relativize(model).toString());
        s.put("backend", b.backend());
        s.put("images", classified);
        s.put("unreadable", unreadable);
        s.put("accuracy", correct / (double) classified);
        s.put("p50Ms", b.percentile(50));
        s.put("p90Ms", b.percentile(90));
        s.put("arenaBytes", b.arenaBytes());
        s.put("examples", examples);
    }

    // ---- deploy (optional)

    private void deploy(StageRecord r) throws IOException {
        PipelineConfig.Deploy d = config.deploy;
        String device = d.device != null ? d.device : config.budget.device;
        ProfileCatalog catalog = ProfileCatalog.builtin();
        Calibration cal = Calibration.builtin();
        String java = catalog.get(device).runtime().javaCommand();
        Path jar = d.runtimeJar != null ? resolve(d.runtimeJar) : Deployer.defaultRuntimeJar();
        Path dir = out.resolve(DEPLOY);
        Files.createDirectories(dir);
        DeployRequest req = new DeployRequest(device, runtimeModel(), jar, null, null, true, d.threads, d.warmup, d.runs,
                false, config.budget.maxP90LatencyMs, Duration.ofSeconds(d.timeoutSeconds));
        DeployReport report = new DeployReport();
        try (Connector connector = Targets.parse(d.target, d.target.equals("local") ? null : java, List.of())) {
            new Deployer(catalog, cal, msg -> log.println("          deploy: " + msg)).deploy(req, connector, report);
        } catch (Exception e) {
            throw new IOException("deploy to " + d.target + " failed: " + e.getMessage(), e);
        }
        StageRecord.JSON.writeValue(dir.resolve("deploy-report.json").toFile(), report.fields());
        r.summary.put("dir", DEPLOY);
        r.summary.put("target", d.target);
        r.summary.put("device", device);
        r.summary.put("report", DEPLOY + "/deploy-report.json");
        r.summary.put("result", report.fields());
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
