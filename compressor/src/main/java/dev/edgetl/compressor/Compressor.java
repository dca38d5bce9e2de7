package dev.edgetl.compressor;

import dev.edgetl.compressor.budget.Budget;
import dev.edgetl.compressor.budget.Verdict;
import dev.edgetl.compressor.calibrate.ActivationRecorder;
import dev.edgetl.compressor.calibrate.Calibrator;
import dev.edgetl.compressor.calibrate.ImageFolder;
import dev.edgetl.compressor.calibrate.ImageLoader;
import dev.edgetl.compressor.calibrate.ModelCardInputs;
import dev.edgetl.compressor.calibrate.Preprocessing;
import dev.edgetl.compressor.calibrate.RangeMethod;
import dev.edgetl.compressor.calibrate.TensorStats;
import dev.edgetl.compressor.evaluate.DeviceEstimator;
import dev.edgetl.compressor.evaluate.EvalSet;
import dev.edgetl.compressor.evaluate.Evaluator;
import dev.edgetl.compressor.evaluate.ModelRunner;
import dev.edgetl.compressor.evaluate.Sensitivity;
import dev.edgetl.compressor.evaluate.Task;
import dev.edgetl.compressor.tensors.TensorInputs;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import dev.edgetl.compressor.quantize.BiasCorrection;
import dev.edgetl.compressor.quantize.DynamicRangeQuantizer;
import dev.edgetl.compressor.quantize.FloatModelCheck;
import dev.edgetl.compressor.quantize.Fp16Quantizer;
import dev.edgetl.compressor.quantize.Int8Options;
import dev.edgetl.compressor.quantize.Int8Quantizer;
import dev.edgetl.compressor.quantize.QuantizationException;
import dev.edgetl.compressor.quantize.TensorRange;
import dev.edgetl.compressor.report.Pareto;
import dev.edgetl.compressor.report.Report;
import dev.edgetl.compressor.report.ReportWriter;
import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The compress pipeline: validate inputs, calibrate through the float interpreter, build the variants, evaluate
 * each with edge-runtime, judge them against the budget and write models + reports. Everything is written into
 * a temporary folder beside {@code out} and renamed at the end, so a failed run leaves nothing behind.
 */
public final class Compressor {
    /**
     * Default calibration method: the best in the measurement on MobileNetV1 0.25 (82 hymenoptera train images
     * -> 153 val images, int8 with bias correction, agreement with float top-1, same in edge-runtime and real
     * TFLite: min/max 88.2 %, percentile 87.6 %, MSE 86.3 %; without bias correction 55.6 / 58.2 / 54.9 %);
     * see QuantizationErrorExperiment. Min/max also needs one calibration pass instead of two.
     */
    public static final RangeMethod DEFAULT_METHOD = RangeMethod.MINMAX;

    /** Progress of a run: a step name and done/total for long steps. */
    public interface Progress {
        void step(String name, int total);

        void advance(int done);

        static Progress silent() {
            return new Progress() {
                @Override
                public void step(String name, int total) {}

                @Override
                public void advance(int done) {}
            };
        }
    }

    private final ModelRunner.Factory runners;
    private final Function<TfliteModel, ActivationRecorder> recorders;
    private final DeviceEstimator estimator;
    private final Progress progress;

    public Compressor(ModelRunner.Factory runners, Function<TfliteModel, ActivationRecorder> recorders,
            DeviceEstimator estimator, Progress progress) {
        this.runners = runners;
        this.recorders = recorders;
        this.estimator = estimator;
        this.progress = progress;
    }

    /** The outcome: the report (also written to {@code out}) and whether a variant passed the budget. */
    public record Result(Report report, Path out) {
        public boolean anyPasses() {
            return report.verdict().anyPasses();
        }
    }

    public Result run(CompressConfig c) throws IOException {
        // 1. Validate everything cheap before any heavy work.
        Budget budget = Budget.load(require(c.budget(), "budget"));
        if (!estimator.knows(budget.device())) {
            throw new CompressionException("budget " + c.budget() + ": unknown device profile '" + budget.device()
                    + "' (known: " + new java.util.TreeSet<>(estimator.knownProfiles()) + ")");
        }
        Set<String> wanted = new HashSet<>();
        for (String v : c.variants()) {
            String n = v.trim().toLowerCase(Locale.ROOT);
            if (!CompressConfig.ALL_VARIANTS.contains(n)) {
                throw new CompressionException("unknown variant '" + v + "' (known: " + CompressConfig.ALL_VARIANTS + ")");
            }
            wanted.add(n);
        }
        TfliteModel model = readModel(require(c.model(), "model"));
        try {
            FloatModelCheck.requireFloat(model);
        } catch (QuantizationException e) {
            throw new CompressionException(e.getMessage(), e);
        }
        Path out = c.out().toAbsolutePath().normalize();
        if (Files.exists(out) && !c.overwrite() && !isEmptyDir(out)) {
            throw new CompressionException(out + " already exists and is not empty (use --overwrite to replace it)");
        }
        List<String> notes = new ArrayList<>();

        // 2. Inputs: image folders, or tensor files for models whose input is not an image.
        List<float[]> calibration;
        EvalSet eval;
        String inputDescription;
        Task task;
        if (TensorInputs.isTensorFile(c.calibrationDir())) {
            TensorInputs t = TensorInputs.load(c.calibrationDir(), c.evalDir(), c.evalTargets(), model,
                    c.maxCalibrationImages(), c.seed(), notes);
            calibration = t.calibration();
            eval = t.eval();
            inputDescription = t.description();
            task = t.task();
        } else {
            if (c.evalTargets() != null) {
                throw new CompressionException("evaluation targets " + c.evalTargets() + " go with tensor (.npy) inputs;"
                        + " image folders carry their labels in class folder names");
            }
            Preprocessing pre = imagePreprocessing(c, model);
            calibration = new ArrayList<>();
            eval = imageInputs(c, model, pre, calibration, notes);
            inputDescription = pre.toString();
            task = Task.CLASSIFICATION;
        }
        int evalCount = eval.inputs().size();

        // 3. Calibration through the float interpreter.
        byte[] floatBytes = bytes(model);
        Evaluator evaluator = new Evaluator(runners, eval, c.warmup(), c.timedRuns());
        RangeMethod method = c.method() != null ? c.method() : DEFAULT_METHOD;
        Map<String, byte[]> variants = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        variants.put("float", floatBytes);
        descriptions.put("float", "the input model (baseline)");
        Map<String, Double> comparison = new LinkedHashMap<>();
        float[][] floatOutputs = null;
        if (wanted.contains("fp16")) {
            variants.put("fp16", Fp16Quantizer.quantize(model));
            descriptions.put("fp16", "float16 weights + DEQUANTIZE, float compute");
        }
        Map<Integer, TensorStats> stats = null;
        Map<Integer, double[]> means = null;
        if (wanted.contains("dynamic") || wanted.contains("int8")) {
            boolean histograms = wanted.contains("int8") && (c.compareMethods() || method.needsHistogram());
            progress.step("calibrating (" + calibration.size() + " inputs" + (histograms ? ", 2 passes" : "") + ")",
                    calibration.size() * (histograms ? 2 : 1));
            try (ActivationRecorder rec = recorders.apply(model)) {
                stats = Calibrator.collect(rec, calibration, histograms, progress::advance,
                        BiasCorrection.meanPeriods(model));
            } catch (ModelFormatException e) {
                throw new CompressionException("calibration needs edge-runtime's float interpreter to run " + c.model()
                        + ": " + e.getMessage(), e);
            }
            means = Calibrator.means(stats);
            notes.add("bias correction: each layer's bias absorbs the mean output shift its weight rounding causes "
                    + "(input channel means from the " + calibration.size() + " calibration inputs)");
        }
        if (wanted.contains("dynamic")) {
            variants.put("dynamic", DynamicRangeQuantizer.quantize(model, DynamicRangeQuantizer.Options.defaults(), means));
            descriptions.put("dynamic", "int8 per-channel weights (bias-corrected), float activations (hybrid ops)");
        }
        if (wanted.contains("int8")) {
            Int8Options base = new Int8Options(true, c.io(), c.keepFloat());
            if (c.compareMethods()) {
                floatOutputs = evaluator.outputs(floatBytes, "float");
                progress.step("comparing calibration methods", RangeMethod.values().length);
                int done = 0;
                double best = -1;
                for (RangeMethod m : RangeMethod.values()) {
                    byte[] q = Int8Quantizer.quantize(model, Calibrator.ranges(stats, m), means, base);
                    double a = agreement(evaluator, q, "int8-" + m, floatOutputs, task, notes);
                    comparison.put(m.name().toLowerCase(Locale.ROOT), a);
                    if (a > best + 1e-12) {
                        best = a;
                        method = m;
                    }
                    progress.advance(++done);
                }
                if (c.method() != null) {
                    method = c.method();
                }
                notes.add("calibration methods compared on the evaluation set (agreement with float top-1): " + comparison
                        + "; used: " + method.name().toLowerCase(Locale.ROOT) + (c.method() != null ? " (asked)"
                        : " (best here; chosen on the evaluation set itself, so small differences are noise)"));
            }
            Map<Integer, TensorRange> ranges = Calibrator.ranges(stats, method);
            variants.put("int8", Int8Quantizer.quantize(model, ranges, means, base));
            descriptions.put("int8", "int8 per-channel weights, int8 activations (" + method.name().toLowerCase(Locale.ROOT)
                    + " calibration), " + c.io().name().toLowerCase(Locale.ROOT) + " I/O"
                    + (c.keepFloat().isEmpty() ? "" : ", float ops " + c.keepFloat()));
            variants.put("int8-per-tensor", Int8Quantizer.quantize(model, ranges, means, base.withPerChannel(false)));
            descriptions.put("int8-per-tensor", "as int8 but one weight scale per tensor (for comparison)");
            if (c.autoKeepFloat() > 0) {
                progress.step("per-layer sensitivity", 1);
                try {
                    List<Sensitivity.Layer> layers = Sensitivity.analyze(model, floatBytes, ranges, means, base, runners,
                            calibration.subList(0, Math.min(8, calibration.size())));
                    Set<Integer> keep = new HashSet<>(base.keepFloat());
                    List<String> chosen = new ArrayList<>();
                    for (Sensitivity.Layer l : layers.subList(0, Math.min(c.autoKeepFloat(), layers.size()))) {
                        keep.add(l.opIndex());
                        chosen.add(l.op() + "#" + l.opIndex() + String.format(Locale.ROOT, " (rel. error %.2e)", l.relativeError()));
                    }
                    variants.put("int8-mixed", Int8Quantizer.quantize(model, ranges, means, base.withKeepFloat(keep)));
                    descriptions.put("int8-mixed", "int8 with the " + chosen.size() + " most sensitive layers in float");
                    notes.add("per-layer sensitivity (only that layer int8): most sensitive " + chosen);
                } catch (RuntimeException e) {
                    notes.add("per-layer sensitivity unavailable: " + e.getMessage());
                }
            }
        }

        // 4. Evaluation.
        progress.step("evaluating " + variants.size() + " variants on " + evalCount + " inputs", variants.size());
        List<VariantMetrics> metrics = new ArrayList<>();
        VariantMetrics floatMetrics = null;
        int done = 0;
        for (Map.Entry<String, byte[]> v : variants.entrySet()) {
            VariantMetrics m = evaluator.evaluate(v.getKey(), descriptions.get(v.getKey()), v.getValue(),
                    v.getKey().equals("float") ? null : floatOutputs, task, estimator, budget.device());
            if (v.getKey().equals("float")) {
                floatMetrics = m;
                if (m.failed()) {
                    throw new CompressionException(c.model() + ": " + m.error());
                }
                if (floatOutputs == null) {
                    floatOutputs = evaluator.outputs(floatBytes, "float");
                }
            }
            metrics.add(m);
            progress.advance(++done);
        }
        Verdict verdict = Verdict.judge(budget, metrics, floatMetrics, task == Task.REGRESSION);
        if (task == Task.REGRESSION) {
            notes.add(eval.hasTargets() ? "regression: accuracy criteria are judged on R^2 against the evaluation targets"
                    : "regression without targets: accuracy criteria are judged on R^2 against the float model's outputs");
        } else if (!eval.hasLabels()) {
            notes.add("the evaluation inputs carry no label of the model: accuracy criteria are judged on top-1 "
                    + "agreement with the float model");
        }
        notes.add("latencies are measured on this host with edge-runtime (" + c.warmup() + " warm-up runs, median and "
                + "p90 of " + c.timedRuns() + "); device figures are estimates");
        Report report = new Report(c.model().toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                inputDescription, calibration.size(), evalCount, method.name().toLowerCase(Locale.ROOT),
                comparison, metrics, Pareto.front(metrics), verdict, notes, task);

        // 5. Outputs: temp folder, then one rename.
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".tmp");
        try {
            // Temp folders are private (rwx------); the result is an ordinary output folder.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            String base = c.model().getFileName().toString().replaceFirst("\\.tflite$", "");
            Path floatCard = dev.edgetl.compressor.cards.VariantCards.cardOf(c.model());
            for (Map.Entry<String, byte[]> v : variants.entrySet()) {
                if (!v.getKey().equals("float")) {
                    String name = base + "." + v.getKey();
                    Files.write(tmp.resolve(name + ".tflite"), v.getValue());
                    if (floatCard != null) {
                        Files.write(tmp.resolve(name + ".json"),
                                dev.edgetl.compressor.cards.VariantCards.forVariant(floatCard, name, v.getValue()));
                    }
                }
            }
            ReportWriter.writeAll(report, tmp);
            if (Files.exists(out)) {
                deleteTree(out);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        return new Result(report, out);
    }

    /** The image preprocessing of an image classifier with one [1, H, W, 3] float input. */
    private static Preprocessing imagePreprocessing(CompressConfig c, TfliteModel model) throws IOException {
        TensorSpec in = model.input(0);
        if (model.inputs().length != 1 || in.rank() != 4 || in.dim(0) != 1 || in.dim(3) != 3) {
            throw new CompressionException(c.model() + ": the compressor handles image classifiers with one "
                    + "[1, H, W, 3] float input; " + in.describe() + " is not one");
        }
        ModelCardInputs card = ModelCardInputs.besides(c.model());
        if (card != null && card.inputHw() != null && (card.inputHw()[0] != in.dim(1) || card.inputHw()[1] != in.dim(2))) {
            throw new CompressionException("input size mismatch: model card " + card.file() + " declares "
                    + card.inputHw()[0] + "x" + card.inputHw()[1] + " but " + c.model() + " takes " + in.dim(1) + "x"
                    + in.dim(2));
        }
        Preprocessing pre = preprocessing(c, card, in);
        return pre;
    }

    /** Loads calibration images into {@code calibration} and returns the evaluation set. */
    private static EvalSet imageInputs(CompressConfig c, TfliteModel model, Preprocessing pre, List<float[]> calibration,
            List<String> notes) throws IOException {
        ModelCardInputs card = ModelCardInputs.besides(c.model());
        List<String> labels = c.labels() != null ? ModelCardInputs.readLabels(c.labels())
                : card != null ? card.labels() : null;
        int classes = model.output(0).numElements();
        if (labels != null && labels.size() != classes) {
            throw new CompressionException("labels: " + labels.size() + " labels but " + c.model() + " has "
                    + classes + " outputs (" + model.output(0).describe() + ")");
        }

        // 2. Images.
        ImageFolder calibFolder = ImageFolder.scan(require(c.calibrationDir(), "calibration folder"));
        List<ImageFolder.Item> calibItems = new ArrayList<>(calibFolder.items());
        List<ImageFolder.Item> evalItems;
        List<String> evalClasses;
        if (c.evalDir() != null) {
            ImageFolder ef = ImageFolder.scan(require(c.evalDir(), "evaluation folder"));
            evalItems = ef.items();
            evalClasses = ef.classes();
        } else {
            Collections.shuffle(calibItems, new Random(c.seed()));
            int nEval = Math.max(1, calibItems.size() / 4);
            evalItems = new ArrayList<>(calibItems.subList(0, nEval));
            calibItems = new ArrayList<>(calibItems.subList(nEval, calibItems.size()));
            evalClasses = calibFolder.classes();
            notes.add("no --eval folder: a seeded (" + c.seed() + ") 25 % split of the calibration folder was held out");
        }
        calibration.addAll(loadImages(calibItems, c.maxCalibrationImages(), pre, "calibration", notes, null));
        if (calibration.isEmpty()) {
            throw new CompressionException("calibration folder " + c.calibrationDir() + " has no readable image ("
                    + calibItems.size() + " files tried)");
        }
        List<Integer> evalLabels = new ArrayList<>();
        List<float[]> evalInputs = loadImages(evalItems, Integer.MAX_VALUE, pre, "evaluation", notes, evalLabels);
        if (evalInputs.isEmpty()) {
            throw new CompressionException("evaluation folder " + (c.evalDir() != null ? c.evalDir() : c.calibrationDir())
                    + " has no readable image");
        }
        int[] labelIdx = mapLabels(evalLabels, evalClasses, labels, c.classMap(), notes);
        return new EvalSet(evalInputs, labelIdx);
    }


    /** Top-1 agreement (classification) or R^2 against the float outputs (regression); NaN if it cannot run. */
    private double agreement(Evaluator evaluator, byte[] q, String name, float[][] floatOutputs, Task task,
            List<String> notes) {
        try {
            float[][] y = evaluator.outputs(q, name);
            if (task == Task.REGRESSION) {
                Evaluator.Moments m = new Evaluator.Moments();
                for (int k = 0; k < y.length; k++) {
                    m.add(y[k], floatOutputs[k]);
                }
                return m.r2();
            }
            int same = 0;
            for (int k = 0; k < y.length; k++) {
                same += Evaluator.argmax(y[k]) == Evaluator.argmax(floatOutputs[k]) ? 1 : 0;
            }
            return same / (double) y.length;
        } catch (RuntimeException e) {
            notes.add(name + " could not run for the method comparison: " + e.getMessage());
            return Double.NaN;
        }
    }

    private static Path require(Path p, String what) {
        if (p == null) {
            throw new CompressionException("no " + what + " given");
        }
        if (!Files.exists(p)) {
            throw new CompressionException(what + " " + p + " does not exist");
        }
        return p;
    }

    private static TfliteModel readModel(Path file) throws IOException {
        try {
            return ModelReader.read(file);
        } catch (ModelFormatException e) {
            throw new CompressionException(file + " is not a valid .tflite model: " + e.getMessage(), e);
        }
    }

    private static Preprocessing preprocessing(CompressConfig c, ModelCardInputs card, TensorSpec in) {
        float[] mean = c.mean() != null ? c.mean() : card != null ? card.mean() : null;
        float[] std = c.std() != null ? c.std() : card != null ? card.std() : null;
        if (mean == null || std == null) {
            throw new CompressionException("input normalisation unknown for " + c.model()
                    + ": give --mean and --std, or a model card (model.json) with mean/std beside the model");
        }
        try {
            return new Preprocessing(in.dim(2), in.dim(1), mean, std);
        } catch (IllegalArgumentException e) {
            throw new CompressionException("input normalisation: " + e.getMessage());
        }
    }

    private static List<float[]> loadImages(List<ImageFolder.Item> items, int max, Preprocessing pre, String what,
            List<String> notes, List<Integer> labelsOut) throws IOException {
        List<float[]> inputs = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        // More files than wanted: every k-th, so every class folder is represented (they are sorted by class).
        items = evenlySpaced(items, max);
        for (ImageFolder.Item item : items) {
            try {
                inputs.add(ImageLoader.load(item.file(), pre));
                if (labelsOut != null) {
                    labelsOut.add(item.classIndex());
                }
            } catch (ImageLoader.UnreadableImageException e) {
                bad.add(item.file().getFileName().toString());
            }
        }
        if (!bad.isEmpty()) {
            notes.add(what + ": skipped " + bad.size() + " unreadable file(s): " + bad);
        }
        return inputs;
    }

    /** At most {@code max} elements of {@code all}, spread evenly over it (all of them when there are fewer). */
    public static <T> List<T> evenlySpaced(List<T> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<T> r = new ArrayList<>(max);
        for (int k = 0; k < max; k++) {
            r.add(all.get((int) ((long) k * all.size() / max)));
        }
        return r;
    }

    /** Class folder names matched to model labels (case-insensitive); -1 where a folder names no label. */
    private static int[] mapLabels(List<Integer> folderClass, List<String> classes, List<String> labels,
            Map<String, String> classMap, List<String> notes) {
        if (classMap != null && !classMap.isEmpty()) {
            List<String> mapped = new ArrayList<>();
            for (String cls : classes) {
                mapped.add(classMap.getOrDefault(cls, cls));
            }
            for (Map.Entry<String, String> e : classMap.entrySet()) {
                if (labels == null || labels.stream().noneMatch(l -> l.equalsIgnoreCase(e.getValue()))) {
                    throw new CompressionException("--class-map " + e.getKey() + "=" + e.getValue()
                            + ": the model has no label '" + e.getValue() + "'");
                }
            }
            classes = mapped;
        }
        int[] r = new int[folderClass.size()];
        Map<String, Integer> byName = new LinkedHashMap<>();
        if (labels != null) {
            for (int k = 0; k < labels.size(); k++) {
                byName.putIfAbsent(labels.get(k).toLowerCase(Locale.ROOT), k);
            }
        }
        List<String> unmatched = new ArrayList<>();
        for (String cls : classes) {
            if (!byName.containsKey(cls.toLowerCase(Locale.ROOT))) {
                unmatched.add(cls);
            }
        }
        if (!unmatched.isEmpty() && !classes.isEmpty()) {
            notes.add("evaluation classes without a matching model label: " + unmatched);
        }
        for (int k = 0; k < r.length; k++) {
            int f = folderClass.get(k);
            Integer idx = f < 0 ? null : byName.get(classes.get(f).toLowerCase(Locale.ROOT));
            r[k] = idx == null ? -1 : idx;
        }
        return r;
    }

    static byte[] bytes(TfliteModel m) {
        byte[] b = new byte[m.bytes().limit()];
        m.bytes().duplicate().get(b);
        return b;
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
