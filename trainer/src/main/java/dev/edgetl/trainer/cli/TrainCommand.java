package dev.edgetl.trainer.cli;

import dev.edgetl.trainer.BaseModels;
import dev.edgetl.trainer.TorchRuntime;
import dev.edgetl.trainer.TrainingRun;
import dev.edgetl.trainer.data.DatasetException;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.importers.ImportException;
import dev.edgetl.trainer.train.FreezePolicy;
import dev.edgetl.trainer.train.TrainConfig;
import dev.edgetl.trainer.weights.WeightDownloadException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgetl train}: transfer learning from a pretrained MobileNet (V2 or V1) to an exported float .tflite + model card. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Transfer learning on an ImageFolder dataset (DJL + PyTorch CPU), then export to a float32",
            ".tflite with a model.json card, report.json and report.html."},
        footerHeading = "%nExamples:%n",
        footer = {"  edgetl train --data ../shared/fixtures/datasets/hymenoptera \\",
            "    --base ../shared/fixtures/models/mobilenet_v2_1.0_224_quant.tflite --out out/hymenoptera",
            "  edgetl train --data photos/ --base mobilenet_v2_1.0_224_quant --mode finetune --freeze until:block13 \\",
            "    --epochs 10 --lr-schedule cosine --compare-scratch 5 --out out/photos --json",
            "  edgetl train --data photos/ --base mobilenet_v2_1.0_224_quant --out out/photos --resume"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained and exported", "1:error (bad dataset, base model, download or option value)",
            "2:usage error (unknown option, missing argument)"})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "ImageFolder root: train/<class>/*, val/<class>/* (or one tree, split by --val-fraction)")
    Path data;

    @Option(names = "--base", required = true, paramLabel = "MODEL",
            description = {"pretrained MobileNetV2/V1 .tflite (float or quantised), a URL https://.../x.tflite#sha256=HEX,",
                "a published-weights name (e.g. mobilenet_v2_1.0_224_quant; downloaded once, sha256-checked, cached in",
                "~/.cache/edgetl/weights or $EDGETL_WEIGHTS_CACHE), or scratch:mobilenet_v2|mobilenet_v2_0.35|mobilenet_v1|mobilenet_v1_0.25|shufflenet_v2_x0_5|shufflenet_v2_x1_0"})
    String base;

    @Option(names = "--arch", description = "expected architecture of the base model: mobilenet_v2 | mobilenet_v1"
            + " (default: whatever the base model is)")
    String arch;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--mode", defaultValue = "features",
            description = "features (cached backbone embeddings, new head) | finetune (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--freeze", defaultValue = "backbone",
            description = "finetune: none | backbone | until:<unit> (MobileNetV2: stem, block1..block17, last; V1: stem, block1..block13) (default: ${DEFAULT-VALUE})")
    String freeze;

    @Option(names = "--epochs", defaultValue = "60") int epochs;
    @Option(names = "--batch-size", defaultValue = "32") int batchSize;
    @Option(names = "--lr", defaultValue = "0.001") float lr;
    @Option(names = "--weight-decay", defaultValue = "0.0001") float weightDecay;
    @Option(names = "--lr-schedule", defaultValue = "fixed", description = "fixed | cosine (to 0 over all epochs) |"
            + " step (x --lr-step-factor every --lr-step-epochs) (default: ${DEFAULT-VALUE})")
    String lrSchedule;
    @Option(names = "--lr-step-epochs", defaultValue = "10") int lrStepEpochs;
    @Option(names = "--lr-step-factor", defaultValue = "0.1") float lrStepFactor;
    @Option(names = "--head-lr-mult", defaultValue = "1", description = "finetune: learning-rate multiplier for the"
            + " new classifier head (e.g. 10 with a small --lr for the backbone) (default: ${DEFAULT-VALUE})")
    float headLrMult;
    @Option(names = "--patience", defaultValue = "15", description = "early stopping patience in epochs, 0 = off")
    int patience;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--image-size", description = "input size (default: the base model's)") Integer imageSize;
    @Option(names = "--val-fraction", defaultValue = "0.2") double valFraction;
    @Option(names = "--no-augment", description = "no flips / random crops / colour jitter") boolean noAugment;
    @Option(names = "--limit", defaultValue = "0", description = "use at most N images per split (0 = all)") int limit;
    @Option(names = "--resume", description = "continue from <out>/checkpoint") boolean resume;
    @Option(names = "--compare-scratch", defaultValue = "0", paramLabel = "EPOCHS", description = {"also train the",
        "same architecture from random weights (all layers, lr 1e-3) for EPOCHS epochs and show both in the report"})
    int compareScratch;
    @Option(names = "--offline", description = "never use the network: URL / named weights must be cached (also EDGETL_OFFLINE=1)")
    boolean offline;
    @Option(names = "--no-progress", description = "no progress bar") boolean noProgress;

    @Option(names = "--json", description = "print the result (accuracies, files) as JSON on stdout")
    boolean json;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        TrainConfig cfg = new TrainConfig();
        try {
            if (arch != null && !arch.equals("mobilenet_v2") && !arch.equals("mobilenet_v1") && !arch.equals("shufflenet_v2")) {
                throw new IllegalArgumentException("unknown --arch '" + arch + "': supported mobilenet_v2, mobilenet_v1,"
                        + " shufflenet_v2");
            }
            cfg.arch = arch;
            cfg.mode = switch (mode) {
                case "features" -> TrainConfig.Mode.FEATURES;
                case "finetune" -> TrainConfig.Mode.FINETUNE;
                default -> throw new IllegalArgumentException("unknown --mode '" + mode + "': features or finetune");
            };
            cfg.freeze = FreezePolicy.parse(freeze);
            if (epochs < 1 || batchSize < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("--epochs, --batch-size and --lr must be positive");
            }
            cfg.epochs = epochs;
            cfg.batchSize = batchSize;
            cfg.learningRate = lr;
            cfg.weightDecay = weightDecay;
            cfg.schedule = switch (lrSchedule) {
                case "fixed" -> TrainConfig.Schedule.FIXED;
                case "cosine" -> TrainConfig.Schedule.COSINE;
                case "step" -> TrainConfig.Schedule.STEP;
                default -> throw new IllegalArgumentException("unknown --lr-schedule '" + lrSchedule
                        + "': fixed, cosine or step");
            };
            if (lrStepEpochs < 1 || !(lrStepFactor > 0) || !(headLrMult > 0)) {
                throw new IllegalArgumentException("--lr-step-epochs, --lr-step-factor and --head-lr-mult must be positive");
            }
            cfg.stepEpochs = lrStepEpochs;
            cfg.stepFactor = lrStepFactor;
            cfg.headLrMultiplier = headLrMult;
            cfg.patience = patience;
            cfg.seed = seed;
            cfg.valFraction = valFraction;
            cfg.augment = !noAugment;
            cfg.limitPerSplit = limit;
            cfg.progress = !noProgress;
            cfg.offline = offline;
            if (compareScratch < 0) {
                throw new IllegalArgumentException("--compare-scratch must be >= 0");
            }
            cfg.compareScratchEpochs = compareScratch;
            cfg.imageSize = imageSize == null ? 0 : imageSize;
            ImageFolder folder = TrainingRun.openDataset(data, cfg);
            String warn = TorchRuntime.ompWarning();
            if (warn != null) {
                System.err.println("edgetl train: warning: " + warn);
            }
            TrainingRun.Outcome o = TrainingRun.run(folder, base, cfg, out, resume, System.err);
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("valAccuracy", o.evaluation.accuracy);
                m.put("bestEpoch", o.result.bestEpoch);
                m.put("valImages", o.result.valCount);
                m.put("skippedFiles", o.result.skipped.size());
                if (o.scratch != null) {
                    m.put("scratchValAccuracy", o.scratchEvaluation.accuracy);
                    m.put("scratchEpochs", o.scratch.history.size());
                }
                m.put("model", o.tflite.toString());
                m.put("card", o.card.toString());
                m.put("report", o.report.toString());
                m.put("edgeRuntimeCheck", o.runtimeCheck);
                System.out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
                return 0;
            }
            System.out.printf("validation accuracy %.4f (best epoch %d, %d val images, %d files skipped)%n",
                    o.evaluation.accuracy, o.result.bestEpoch, o.result.valCount, o.result.skipped.size());
            if (o.scratch != null) {
                System.out.printf("from scratch: validation accuracy %.4f after %d epochs%n", o.scratchEvaluation.accuracy,
                        o.scratch.history.size());
            }
            System.out.println("model:  " + o.tflite);
            System.out.println("card:   " + o.card);
            System.out.println("report: " + o.report);
            System.out.println("edge-runtime check: " + o.runtimeCheck);
            return 0;
        } catch (DatasetException | ImportException | BaseModels.UnknownBaseModelException | WeightDownloadException
                | IllegalArgumentException
                | IllegalStateException e) {
            System.err.println("edgetl train: error: " + e.getMessage());
            if (verbose) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    /** Standalone entry point (the cli module registers {@link TrainCommand} as a subcommand of {@code edgetl}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }
}
