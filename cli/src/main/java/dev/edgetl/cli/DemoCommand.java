package dev.edgetl.cli;

import dev.edgetl.cli.demo.DemoData;
import dev.edgetl.cli.pipeline.Pipeline;
import dev.edgetl.cli.pipeline.PipelineCommand;
import dev.edgetl.cli.pipeline.PipelineConfig;
import dev.edgetl.runtime.app.CommandSupport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The offline demo: the pipeline with a built-in config. Pretrains a small MobileNetV2 on classes 0-4, transfers it
 * to classes 5-9 with few images, compares with training from scratch, compresses for the raspberry-pi-4 budget,
 * runs the chosen (int8) model in edge-runtime and prints the verdict. The config is written to
 * {@code <out>/pipeline.yaml}, to edit and rerun with {@code edgetl pipeline}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Offline demo, no arguments needed: pretrain a small MobileNetV2 (width 0.35, 32x32) on classes 0-4,",
            "transfer it to classes 5-9 with few images, compare with training from scratch, compress for the",
            "raspberry-pi-4 budget, run the int8 model in the edge runtime, print the verdict and the report's path.",
            "Data: Fashion-MNIST from Debian's dataset-fashion-mnist when installed, else a generated dataset.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  ./edgetl demo", "  ./edgetl demo --fast --out /tmp/demo",
            "  ./edgetl pipeline --config edgetl-demo/pipeline.yaml --out edgetl-demo   # rerun (unchanged stages are skipped)"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, "1:error (a stage failed)", "2:usage error",
            "3:no compressed variant meets the budget"})
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "edgetl-demo",
            description = "Output folder (default: ${DEFAULT-VALUE} in the current directory).")
    Path out;

    @Option(names = "--fast", description = "Fewer images and epochs (about a minute; the CI test's mode; lower accuracies).")
    boolean fast;

    @Option(names = "--generated-data", description = "Use the generated dataset even when Fashion-MNIST is installed.")
    boolean generated;

    @Option(names = "--fashion-mnist", paramLabel = "DIR", description = "Where the Fashion-MNIST IDX files are (default: ${DEFAULT-VALUE}).")
    Path fashionDir = DemoData.DEBIAN_FASHION_MNIST;

    @Option(names = "--no-progress", description = "No progress bars (stage lines only).")
    boolean noProgress;

    @Option(names = "--json", description = "Print report.json instead of the text summary.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path dir = out.toAbsolutePath().normalize();
        DemoData.Sizes sizes = fast ? new DemoData.Sizes(120, 30, 15, 30) : new DemoData.Sizes(400, 100, 30, 100);
        DemoData.Prepared data = DemoData.prepare(dir.resolve("data"), fashionDir, !generated, sizes, 42);
        PrintWriter info = json ? err : o;
        info.println("edgetl demo" + (fast ? " (--fast)" : "") + ": output folder " + dir);
        info.println("dataset: " + data.source());
        info.flush();
        String yaml = config(fast, data);
        Path yamlFile = dir.resolve("pipeline.yaml");
        Files.writeString(yamlFile, yaml, StandardCharsets.UTF_8);
        PipelineConfig cfg = PipelineConfig.parse(yaml, yamlFile.toString());
        Pipeline p = new Pipeline(cfg, dir, dir, System.err, !noProgress)
                .context("dataset", data.source())
                .context("config", yamlFile.toString())
                .context("mode", fast ? "demo --fast" : "demo");
        int code = PipelineCommand.run(p, o, err, json, verbose);
        if (code == CommandSupport.OK || code == PipelineCommand.BUDGET_NOT_MET) {
            info.printf(Locale.ROOT, "demo took %.0f s. Edit and rerun: ./edgetl pipeline --config %s --out %s%n",
                    (System.nanoTime() - t0) / 1e9, yamlFile, dir);
            info.flush();
        }
        return code;
    }

    /** The demo's pipeline.yaml (paths relative to the output folder, where the file is written). */
    static String config(boolean fast, DemoData.Prepared data) {
        int preEpochs = fast ? 4 : 8;
        int epochs = fast ? 10 : 20;
        return String.format(Locale.ROOT, """
                # edgetl demo pipeline (%s). Rerun or edit: ./edgetl pipeline --config pipeline.yaml --out .
                # dataset: %s
                data: data/transfer            # the task: classes 5-9, few training images (train/ + val/)
                base: pretrain                 # start from the model the pretrain stage produces
                architecture: mobilenet_v2
                training:                      # transfer learning: fine-tune the whole pretrained network
                  mode: finetune
                  freeze: none
                  epochs: %d
                  batchSize: 32
                  learningRate: 0.002
                  imageSize: 32
                  augment: false
                  centerCrop: false            # the whole 32x32 image, as the compressor and the edge runtime see it
                  patience: 0
                  seed: 42
                pretrain:                      # first learn classes 0-4 from scratch, with many images
                  data: data/pretrain
                  base: scratch:mobilenet_v2:0.35   # MobileNetV2, width multiplier 0.35, random weights
                  training:
                    mode: finetune
                    freeze: none
                    epochs: %d
                    batchSize: 64
                    learningRate: 0.003
                    imageSize: 32
                    augment: false
                    centerCrop: false
                    patience: 0
                    seed: 42
                baseline:                      # the same task from scratch, for comparison (training as above)
                  base: scratch:mobilenet_v2:0.35
                compress:
                  variants: [fp16, dynamic, int8]
                  calibrationImages: 100
                  runs: %d
                budget:                        # what the Raspberry Pi 4 must get
                  device: raspberry-pi-4
                  maxModelBytes: 1000000       # 1 MB
                  maxRamBytes: 128000000       # 128 MB peak (JVM included), device estimate
                  maxP90LatencyMs: 50          # device estimate for the edgetl runtime, 1 thread
                  maxAccuracyDrop: 0.03        # at most 3 points below the float model
                """, fast ? "--fast" : "full", data.source(), epochs, preEpochs, fast ? 5 : 20);
    }

}
