package dev.edgetl.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.trainer.BaseModels.BaseModel;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.data.Images;
import dev.edgetl.trainer.eval.Evaluation;
import dev.edgetl.trainer.eval.ReportWriter;
import dev.edgetl.trainer.export.ModelCard;
import dev.edgetl.trainer.export.TfliteExporter;
import dev.edgetl.trainer.train.TrainConfig;
import dev.edgetl.trainer.train.TrainResult;
import dev.edgetl.trainer.train.TransferLearner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole {@code train} workflow: dataset and base model checks (before any training), transfer learning,
 * evaluation, report, export to {@code model.tflite} + {@code model.json} with golden pairs.
 */
public final class TrainingRun {
    public static final int GOLDEN_PAIRS = 3;

    private TrainingRun() {}

    /** What the run wrote. */
    public static final class Outcome {
        public TrainResult result;
        public Evaluation evaluation;
        public Path tflite;
        public Path card;
        public Path report;
        /** The from-scratch baseline ({@code --compare-scratch}), or null. */
        public TrainResult scratch;
        public Evaluation scratchEvaluation;
        public String runtimeCheck;
    }

    /** Everything that can be refused is refused here, before any epoch runs. */
    public static ImageFolder openDataset(Path data, TrainConfig cfg) throws IOException {
        if (cfg.imageSize != 0) {
            TransferLearner.checkImageSize(cfg.imageSize);
        }
        return ImageFolder.open(data, cfg.valFraction, cfg.seed);
    }

    public static Outcome run(ImageFolder data, String baseSpec, TrainConfig cfg, Path out, boolean resume,
            PrintStream log) throws IOException {
        Files.createDirectories(out);
        Outcome o = new Outcome();
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            BaseModel base = BaseModels.load(baseSpec, manager, cfg.offline, log);
            if (cfg.imageSize == 0) {
                cfg.imageSize = base.inputSize;
            }
            TransferLearner.checkImageSize(cfg.imageSize);
            if (cfg.arch != null && !cfg.arch.equals(base.net.architecture())) {
                throw new IllegalArgumentException("--arch " + cfg.arch + " but base model " + base.name + " is a "
                        + base.net.architecture());
            }
            log.printf("base %s: %s width %.2f, input %d, normalisation %s%n", base.name, base.net.architecture(), base.net.width(),
                    base.inputSize, base.normalization);
            log.printf("data %s: classes %s, train %d, val %d, skipped %d%n", data.root(), data.classes(),
                    data.train().size(), data.val().size(), data.skipped().size());
            TrainResult r = new TransferLearner(data, base, cfg, out, manager).run(resume);
            Evaluation ev = new Evaluation(r.classes, r.valLabels, r.valPredicted, r.valProbabilities, r.valFiles);
            o.result = r;
            o.evaluation = ev;
            ReportWriter.Comparison cmp = null;
            if (cfg.compareScratchEpochs > 0) {
                cmp = scratchBaseline(data, base, cfg, out, resume, log, manager);
                o.scratch = cmp.scratch;
                o.scratchEvaluation = cmp.scratchEvaluation;
                log.printf("transfer learning: val acc %.4f; from scratch (%d epochs): %.4f%n", ev.accuracy,
                        cfg.compareScratchEpochs, cmp.scratchEvaluation.accuracy);
            }

            Map<String, Object> run = new LinkedHashMap<>();
            run.put("data", data.root().toString());
            run.put("base", base.name);
            run.put("baseSha256", base.sha256);
            run.put("mode", cfg.mode.name().toLowerCase());
            run.put("freeze", cfg.freeze.toString());
            run.put("epochsRun", r.history.size());
            run.put("epochsMax", cfg.epochs);
            run.put("batchSize", cfg.batchSize);
            run.put("learningRate", cfg.learningRate);
            run.put("weightDecay", cfg.weightDecay);
            run.put("lrSchedule", cfg.schedule.name().toLowerCase());
            run.put("headLrMultiplier", cfg.headLrMultiplier);
            run.put("optimizerStateRestored", r.optimizerStateRestored);
            run.put("imageSize", cfg.imageSize);
            run.put("augment", cfg.augment);
            run.put("seed", cfg.seed);
            run.put("resumed", r.resumed);
            run.put("embedOrLoadMillis", r.embedMillis);
            run.put("trainMillis", r.trainMillis);
            run.put("threads", System.getProperty(TorchRuntime.THREADS_PROPERTY));
            ReportWriter.write(out, r, ev, run, cmp);
            o.report = out.resolve("report.html");

            byte[] tflite = TfliteExporter.export(base.net, cfg.imageSize, true, null);
            o.tflite = out.resolve("model.tflite");
            ModelWriter.writeAtomically(o.tflite, tflite);
            ModelCard card = new ModelCard();
            ObjectNode c = card.root();
            c.put("model", "model.tflite");
            c.put("modelSha256", BaseModels.sha256(o.tflite));
            c.put("architecture", base.net.architecture());
            c.put("widthMultiplier", base.net.width());
            c.set("labels", ModelCard.JSON.valueToTree(r.classes));
            ObjectNode in = c.putObject("input");
            in.put("name", "input").put("layout", "NHWC").put("dtype", "float32");
            in.set("shape", ModelCard.JSON.valueToTree(new int[] {1, cfg.imageSize, cfg.imageSize, 3}));
            in.put("colour", "RGB");
            in.put("normalisation", "(pixel - " + base.normalization.mean() + ") / " + base.normalization.std());
            in.put("mean", base.normalization.mean()).put("std", base.normalization.std());
            in.put("resize", cfg.centerCrop ? "shorter side to size/0.875 (bilinear), centre crop size x size"
                    : "whole image to size x size (bilinear), no crop");
            c.putObject("output").put("name", "probabilities").put("dtype", "float32").put("activation", "softmax");
            c.putObject("baseModel").put("name", base.name).put("sha256", base.sha256).put("pretrained", base.pretrained);
            ObjectNode ds = c.putObject("dataset");
            ds.put("root", data.root().toString()).put("fingerprint", r.datasetFingerprint)
                    .put("trainImages", r.trainCount).put("valImages", r.valCount).put("skipped", r.skipped.size());
            ObjectNode met = c.putObject("metrics");
            met.put("valAccuracy", ev.accuracy).put("bestEpoch", r.bestEpoch);
            ObjectNode pc = met.putObject("perClass");
            for (int k = 0; k < r.classes.size(); k++) {
                pc.putObject(r.classes.get(k)).put("precision", ev.precision[k]).put("recall", ev.recall[k]);
            }
            ObjectNode tr = c.putObject("training");
            tr.put("mode", cfg.mode.name().toLowerCase()).put("seed", cfg.seed).put("freeze", cfg.freeze.toString())
                    .put("epochs", r.history.size()).put("optimizer", "adam").put("learningRate", cfg.learningRate)
                    .put("lrSchedule", cfg.schedule.name().toLowerCase()).put("headLrMultiplier", cfg.headLrMultiplier);
            ObjectNode v = c.putObject("versions");
            v.put("edgetl", version());
            v.put("djl", Engine.getDjlVersion());
            v.put("pytorch", Engine.getInstance().getVersion());
            v.put("java", System.getProperty("java.version"));
            ArrayNode golden = c.putArray("golden");
            o.runtimeCheck = goldens(base, cfg, data, r, out, golden, tflite);
            c.put("edgeRuntimeCheck", o.runtimeCheck);
            o.card = out.resolve("model.json");
            card.write(o.card);
        }
        return o;
    }

    /**
     * The same architecture from random weights, all units trained, on the same data, size and seed: fine-tuning
     * mode (features of a random backbone would be a straw man), Adam at 1e-3 (the usual from-scratch rate), in
     * {@code <out>/scratch}.
     */
    private static ReportWriter.Comparison scratchBaseline(ImageFolder data, BaseModel base, TrainConfig cfg, Path out,
            boolean resume, PrintStream log, NDManager manager) throws IOException {
        BaseModel scratch = BaseModels.scratchLike(base, manager);
        TrainConfig sc = cfg.copy();
        sc.mode = TrainConfig.Mode.FINETUNE;
        sc.freeze = dev.edgetl.trainer.train.FreezePolicy.parse("none");
        sc.epochs = cfg.compareScratchEpochs;
        sc.learningRate = 1e-3f;
        sc.schedule = TrainConfig.Schedule.FIXED;
        sc.headLrMultiplier = 1f;
        sc.patience = 0;
        log.printf("from-scratch baseline: %s, %d epochs%n", scratch.name, sc.epochs);
        TrainResult s = new TransferLearner(data, scratch, sc, out.resolve("scratch"), manager).run(resume);
        Evaluation se = new Evaluation(s.classes, s.valLabels, s.valPredicted, s.valProbabilities, s.valFiles);
        ReportWriter.Comparison c = new ReportWriter.Comparison();
        c.scratch = s;
        c.scratchEvaluation = se;
        c.scratchName = scratch.name;
        c.scratchLearningRate = sc.learningRate;
        return c;
    }

    /** Writes golden inputs (raw little-endian NHWC float32) with DJL's outputs; checks them with edge-runtime. */
    private static String goldens(BaseModel base, TrainConfig cfg, ImageFolder data, TrainResult r, Path out,
            ArrayNode golden, byte[] tflite) throws IOException {
        Path dir = out.resolve("golden");
        Files.createDirectories(dir);
        int size = cfg.imageSize;
        List<Path> files = r.valFiles;
        Interpreter interp = null;
        String check;
        try {
            interp = Interpreter.create(ModelReader.read(tflite, "model.tflite"), InterpreterOptions.defaults());
            check = null;
        } catch (RuntimeException e) {
            check = "not run: edge-runtime can not run the model yet (" + e.getMessage() + ")";
        }
        double worst = 0;
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            int n = 0;
            for (int i = 0; i < files.size() && n < GOLDEN_PAIRS; i += Math.max(1, files.size() / GOLDEN_PAIRS)) {
                byte[] hwcBytes = Images.viewRgb(Images.read(files.get(i)), size, cfg.centerCrop);
                float[] chw = Images.toChw(hwcBytes, size, size, base.normalization);
                float[] hwc = Images.toHwc(hwcBytes, base.normalization);
                NDArray x = m.create(chw, new Shape(1, 3, size, size));
                float[] probs = base.net.network().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().softmax(1).toFloatArray();
                ByteBuffer bb = ByteBuffer.allocate(hwc.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(hwc);
                Path f = dir.resolve("input-" + n + ".f32");
                ModelWriter.writeAtomically(f, bb.array());
                ObjectNode g = golden.addObject();
                g.put("input", out.relativize(f).toString());
                g.put("inputSha256", BaseModels.sha256(f));
                g.put("source", files.get(i).toString());
                g.set("output", ModelCard.JSON.valueToTree(probs));
                if (interp != null) {
                    interp.setInputBytes(0, bb.array());
                    interp.run();
                    float[] er = interp.outputAsFloats(0);
                    for (int k = 0; k < probs.length; k++) {
                        worst = Math.max(worst, Math.abs(er[k] - probs[k]));
                    }
                }
                n++;
            }
        } finally {
            if (interp != null) {
                interp.close();
            }
        }
        if (check == null) {
            check = String.format("edge-runtime output within %.3g of DJL on the golden inputs", worst);
        }
        return check;
    }

    static String version() {
        String v = TrainingRun.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
