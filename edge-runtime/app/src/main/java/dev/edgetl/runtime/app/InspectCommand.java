package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.ModelMetadata;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.inspect.ModelSummary;
import dev.edgetl.runtime.inspect.OpCost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a .tflite model: inputs and outputs (shape, type, quantisation), op histogram, parameters, "
                + "multiply-accumulates (MACs), weight bytes, the interpreter's arena bytes, and its TFLite metadata.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  inspect model.tflite", "  inspect model.tflite --ops", "  inspect model.tflite --json > summary.json",
                "", "MACs: CONV_2D = output elements x kh x kw x input channels; DEPTHWISE_CONV_2D = output elements x kh x kw; "
                        + "FULLY_CONNECTED = output elements x input depth; other ops count 0 MACs (their output elements are "
                        + "reported as element ops)."},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, CommandSupport.EXIT_1, CommandSupport.EXIT_2})
public final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .tflite file.")
    Path model;

    @Option(names = "--json", description = "Print the summary as JSON (including every op's cost).")
    boolean json;

    @Option(names = "--ops", description = "Also list every op with its output shape, MACs and bytes.")
    boolean ops;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Backend backend;

    public InspectCommand() {
        this(null);
    }

    /** With a fixed backend (tests, embedding); null = {@link Backend#detect()} at run time. */
    public InspectCommand(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Integer call() throws Exception {
        TfliteModel m = CommandSupport.readModel(model);
        Backend b = backend != null ? backend : Backend.detect();
        ModelSummary s = ModelSummary.of(m, b.options(1));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(CommandSupport.json(toJson(s)));
        } else {
            printText(s, out);
        }
        out.flush();
        return CommandSupport.OK;
    }

    static Map<String, Object> toJson(ModelSummary s) {
        TfliteModel m = s.model();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", m.source());
        r.put("fileBytes", s.fileBytes());
        r.put("description", m.description());
        r.put("inputs", tensors(m, m.inputs()));
        r.put("outputs", tensors(m, m.outputs()));
        r.put("opCount", m.operators().size());
        r.put("opHistogram", s.opHistogram());
        r.put("parameters", s.parameterCount());
        r.put("macs", s.totalMacs());
        r.put("elementOps", s.totalElementOps());
        r.put("weightBytes", s.weightBytes());
        r.put("arenaBytes", s.arenaBytes() >= 0 ? s.arenaBytes() : null);
        r.put("arenaNote", s.arenaNote());
        ModelMetadata md = s.metadata();
        if (md.isPresent()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", md.name());
            meta.put("description", md.description());
            meta.put("version", md.version());
            meta.put("author", md.author());
            meta.put("license", md.license());
            meta.put("mean", md.mean());
            meta.put("std", md.std());
            meta.put("labelsFile", md.labelsFile());
            meta.put("labelCount", md.labels().size());
            meta.put("associatedFiles", new ArrayList<>(md.associatedFiles().keySet()));
            r.put("metadata", meta);
        } else {
            r.put("metadata", null);
        }
        if (s.metadataError() != null) {
            r.put("metadataError", s.metadataError());
        }
        List<Map<String, Object>> ops = new ArrayList<>();
        for (OpCost c : s.ops()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", c.index());
            o.put("op", c.op());
            o.put("dtype", c.dtype());
            o.put("outputShape", c.outputShape());
            o.put("macs", c.macs());
            o.put("elementOps", c.elementOps());
            o.put("weightBytes", c.weightBytes());
            o.put("activationBytes", c.activationBytes());
            ops.add(o);
        }
        r.put("ops", ops);
        return r;
    }

    private static List<Map<String, Object>> tensors(TfliteModel m, int[] indices) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int idx : indices) {
            TensorSpec t = m.tensor(idx);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", idx);
            e.put("name", t.name());
            e.put("dtype", t.dtype().name());
            e.put("shape", t.shape());
            e.put("bytes", t.byteSize());
            if (t.quantization().isPresent()) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("scales", t.quantization().scales());
                q.put("zeroPoints", t.quantization().zeroPoints());
                q.put("quantizedDimension", t.quantization().quantizedDimension());
                e.put("quantization", q);
            } else {
                e.put("quantization", null);
            }
            list.add(e);
        }
        return list;
    }

    private void printText(ModelSummary s, PrintWriter out) {
        TfliteModel m = s.model();
        out.printf(Locale.ROOT, "model        %s (%,d bytes)%n", m.source(), s.fileBytes());
        ModelMetadata md = s.metadata();
        if (md.isPresent()) {
            out.printf(Locale.ROOT, "metadata     %s%s%n", md.name(), md.version() != null ? " v" + md.version() : "");
            if (md.description() != null && !md.description().isEmpty()) {
                out.printf(Locale.ROOT, "             %s%n", md.description().replace('\n', ' '));
            }
            if (md.hasNormalization()) {
                out.printf(Locale.ROOT, "             input normalisation mean %s std %s%n", Arrays.toString(md.mean()), Arrays.toString(md.std()));
            }
            if (!md.labels().isEmpty()) {
                out.printf(Locale.ROOT, "             %d labels in %s%n", md.labels().size(), md.labelsFile());
            }
        } else if (s.metadataError() != null) {
            out.printf(Locale.ROOT, "metadata     unreadable: %s%n", s.metadataError());
        } else {
            out.println("metadata     none");
        }
        for (int i = 0; i < m.inputs().length; i++) {
            out.printf(Locale.ROOT, "input %-6d %s%n", i, describe(m.input(i)));
        }
        for (int i = 0; i < m.outputs().length; i++) {
            out.printf(Locale.ROOT, "output %-5d %s%n", i, describe(m.output(i)));
        }
        StringBuilder hist = new StringBuilder();
        for (Map.Entry<String, Integer> e : s.opHistogram().entrySet()) {
            hist.append(hist.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue());
        }
        out.printf(Locale.ROOT, "ops          %d: %s%n", m.operators().size(), hist);
        out.printf(Locale.ROOT, "parameters   %,d%n", s.parameterCount());
        out.printf(Locale.ROOT, "MACs         %,d (%.1f M)%n", s.totalMacs(), s.totalMacs() / 1e6);
        out.printf(Locale.ROOT, "weights      %,d bytes%n", s.weightBytes());
        if (s.arenaBytes() >= 0) {
            out.printf(Locale.ROOT, "arena        %,d bytes%n", s.arenaBytes());
        } else {
            out.printf(Locale.ROOT, "arena        %s%n", s.arenaNote());
        }
        if (ops) {
            out.printf(Locale.ROOT, "%n%5s  %-20s %-8s %-18s %14s %12s %12s%n", "#", "op", "type", "output", "MACs", "weights B", "activ. B");
            for (OpCost c : s.ops()) {
                out.printf(Locale.ROOT, "%5d  %-20s %-8s %-18s %,14d %,12d %,12d%n", c.index(), c.op(), c.dtype(),
                        Arrays.toString(c.outputShape()).replace(" ", ""), c.macs(), c.weightBytes(), c.activationBytes());
            }
        }
    }

    static String describe(TensorSpec t) {
        String q = t.quantization().isPresent() ? "  quant " + t.quantization() : "";
        return String.format(Locale.ROOT, "'%s' %s %s%s", t.name(), t.dtype(), Arrays.toString(t.shape()).replace(" ", ""), q);
    }
}
