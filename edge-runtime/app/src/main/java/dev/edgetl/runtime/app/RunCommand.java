package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify images with a .tflite model (top-K of output 0), or run it on a raw input tensor.",
                "",
                "Images (JPEG, PNG, BMP, GIF) are resized bilinearly (half-pixel centres) to the model's input. "
                        + "Float inputs get (pixel - mean) / std from --mean/--std, the model card, the TFLite metadata, "
                        + "else 127.5/127.5. uint8 inputs get the raw pixels (int8: pixel - 128), unless --mean/--std or "
                        + "a model card give a normalisation, which is applied and quantised with the input's scale and zero point.",
                "",
                "Labels: --labels, else the model card's labelsFile, else the labels inside the model's metadata.",
                "",
                "Raw mode: --input-tensor IN.bin holds exactly the little-endian bytes of input 0; output 0's bytes "
                        + "are written to --output-tensor OUT.bin (atomically). This is the byte-for-byte comparison "
                        + "contract with TensorFlow Lite.",
                ""},
        footerHeading = "%nExamples:%n",
        footer = {"  run --model mobilenet_v2_1.0_224_quant.tflite bird.bmp",
                "  run --model net.tflite --labels labels.txt --top 3 a.jpg b.png --json",
                "  run --model net_float.tflite --mean 127.5 --std 127.5 cat.jpg",
                "  run --model net.tflite --input-tensor in.bin --output-tensor out.bin"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, CommandSupport.EXIT_1, CommandSupport.EXIT_2})
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The .tflite file.")
    Path model;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Images to classify.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels, one per line (overrides the model card and metadata).")
    Path labelsFile;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many classes to print per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--mean", split = ",", paramLabel = "M", description = "Input mean: one value or three (R,G,B).")
    float[] mean;

    @Option(names = "--std", split = ",", paramLabel = "S", description = "Input standard deviation: one value or three (R,G,B).")
    float[] std;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--input-tensor", paramLabel = "IN.bin", description = "Raw little-endian bytes of input 0 (raw mode).")
    Path inputTensor;

    @Option(names = "--output-tensor", paramLabel = "OUT.bin", description = "Where to write output 0's raw bytes (raw mode).")
    Path outputTensor;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Backend backend;

    public RunCommand() {
        this(null);
    }

    /** With a fixed backend (tests, embedding); null = {@link Backend#detect()} at run time. */
    public RunCommand(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Integer call() throws Exception {
        boolean raw = inputTensor != null || outputTensor != null;
        if (raw && (inputTensor == null || outputTensor == null)) {
            throw new ParameterException(spec.commandLine(), "raw mode needs both --input-tensor and --output-tensor");
        }
        if (raw && !images.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give either images or --input-tensor/--output-tensor, not both");
        }
        if (!raw && images.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no image given (or use --input-tensor/--output-tensor)");
        }
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        TfliteModel m = CommandSupport.readModel(model);
        Backend b = backend != null ? backend : Backend.detect();
        return raw ? runRaw(m, b) : classify(m, b);
    }

    private int runRaw(TfliteModel m, Backend b) throws Exception {
        if (!Files.isRegularFile(inputTensor)) {
            throw new CommandSupport.CommandException("input tensor file " + inputTensor + " does not exist");
        }
        long expected = m.input(0).byteSize();
        long size = Files.size(inputTensor);
        if (size != expected) {
            throw new CommandSupport.CommandException("input tensor file " + inputTensor + " has " + size + " bytes, but input 0 "
                    + m.input(0).describe() + " takes exactly " + expected + " bytes");
        }
        byte[] in = Files.readAllBytes(inputTensor);
        byte[] outBytes;
        try (Interpreter interpreter = Interpreter.create(m, b.options(threads))) {
            interpreter.setInputBytes(0, in);
            interpreter.run();
            outBytes = interpreter.outputBytes(0);
        }
        ModelWriter.writeAtomically(outputTensor, outBytes);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", m.source());
            r.put("input", inputTensor.toString());
            r.put("inputBytes", in.length);
            r.put("output", outputTensor.toString());
            r.put("outputBytes", outBytes.length);
            r.put("outputTensor", InspectCommand.describe(m.output(0)));
            out.println(CommandSupport.json(r));
        } else {
            out.printf(Locale.ROOT, "wrote %d bytes of output 0 %s to %s%n", outBytes.length, InspectCommand.describe(m.output(0)), outputTensor);
        }
        out.flush();
        return CommandSupport.OK;
    }

    private int classify(TfliteModel m, Backend b) throws Exception {
        ModelMetadata md = ModelMetadata.of(m);
        ModelCardHints card = ModelCardHints.besides(model);
        Labels labels = Labels.resolve(labelsFile, card, md);
        Preprocessing pre;
        try {
            pre = Preprocessing.choose(m.input(0), mean, std, card, md);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int classes = m.output(0).numElements();
        if (!labels.isEmpty() && labels.names().size() != classes) {
            err.printf(Locale.ROOT, "warning: %d labels (%s) for %d output classes%n", labels.names().size(), labels.source(), classes);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        try (Classifier c = new Classifier(m, b.options(threads), labels, pre)) {
            for (Path image : images) {
                long t0 = System.nanoTime();
                List<Prediction> preds = c.classify(image, top);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (json) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("image", image.toString());
                    r.put("ms", Math.round(ms * 1000) / 1000.0);
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (Prediction p : preds) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("index", p.index());
                        e.put("label", p.label());
                        e.put("score", p.score());
                        list.add(e);
                    }
                    r.put("top", list);
                    results.add(r);
                } else {
                    out.printf(Locale.ROOT, "%s%n", image);
                    for (Prediction p : preds) {
                        out.printf(Locale.ROOT, "  %-40s %8.5f  (class %d)%n", p.name(), p.score(), p.index());
                    }
                }
            }
        }
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", m.source());
            r.put("backend", b.name());
            r.put("labels", labels.source());
            r.put("preprocessing", pre.describe());
            r.put("results", results);
            out.println(CommandSupport.json(r));
        } else if (verbose) {
            err.printf(Locale.ROOT, "pre-processing: %s; labels: %s; backend: %s%n", pre.describe(), labels.source(), b.describe());
        }
        out.flush();
        return CommandSupport.OK;
    }
}
