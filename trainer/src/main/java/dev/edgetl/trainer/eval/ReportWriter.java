package dev.edgetl.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.trainer.data.ImageFolder;
import dev.edgetl.trainer.train.EpochStats;
import dev.edgetl.trainer.train.TrainResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code report.json} and a self-contained {@code report.html} (plots embedded as PNG) for one training run. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** A from-scratch baseline trained on the same data, shown beside the transfer-learning run. */
    public static final class Comparison {
        public TrainResult scratch;
        public Evaluation scratchEvaluation;
        public String scratchName;
        public float scratchLearningRate;
    }

    /** Writes both files into {@code dir}; {@code extra} goes into the JSON's "run" object (config, times, versions). */
    public static ObjectNode write(Path dir, TrainResult r, Evaluation ev, Map<String, Object> extra) throws IOException {
        return write(dir, r, ev, extra, null);
    }

    /** As {@link #write(Path, TrainResult, Evaluation, Map)}, plus the from-scratch comparison when not null. */
    public static ObjectNode write(Path dir, TrainResult r, Evaluation ev, Map<String, Object> extra, Comparison cmp)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("run", JSON.valueToTree(extra));
        ObjectNode m = root.putObject("metrics");
        m.put("valAccuracy", ev.accuracy);
        m.put("bestEpoch", r.bestEpoch);
        m.put("stoppedEarly", r.stoppedEarly);
        m.put("trainImages", r.trainCount);
        m.put("valImages", r.valCount);
        ArrayNode per = m.putArray("perClass");
        for (int k = 0; k < ev.classes.size(); k++) {
            ObjectNode c = per.addObject();
            c.put("class", ev.classes.get(k));
            c.put("precision", ev.precision[k]);
            c.put("recall", ev.recall[k]);
            c.put("support", ev.support[k]);
        }
        root.putObject("confusionMatrix").put("rows", "true class").put("columns", "predicted class")
                .set("counts", JSON.valueToTree(ev.confusion));
        root.set("classes", JSON.valueToTree(ev.classes));
        root.set("misclassified", JSON.valueToTree(ev.misclassified));
        root.set("history", JSON.valueToTree(r.history));
        ArrayNode sk = root.putArray("skippedFiles");
        for (ImageFolder.Skipped s : r.skipped) {
            sk.addObject().put("file", s.path.toString()).put("reason", s.reason);
        }
        root.put("skippedCount", r.skipped.size());
        root.put("datasetFingerprint", r.datasetFingerprint);
        if (cmp != null) {
            ObjectNode s = root.putObject("scratchComparison");
            s.put("base", cmp.scratchName).put("mode", "finetune").put("freeze", "none")
                    .put("learningRate", cmp.scratchLearningRate).put("epochs", cmp.scratch.history.size())
                    .put("valAccuracy", cmp.scratchEvaluation.accuracy).put("bestEpoch", cmp.scratch.bestEpoch)
                    .put("transferValAccuracy", ev.accuracy)
                    .put("transferBeatsScratch", ev.accuracy > cmp.scratchEvaluation.accuracy);
            s.set("history", JSON.valueToTree(cmp.scratch.history));
        }
        ModelWriter.writeAtomically(dir.resolve("report.json"), JSON.writeValueAsBytes(root));
        ModelWriter.writeAtomically(dir.resolve("report.html"), html(r, ev, extra, cmp).getBytes(StandardCharsets.UTF_8));
        return root;
    }

    static String html(TrainResult r, Evaluation ev, Map<String, Object> extra, Comparison cmp) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>edgetl training report</title>")
                .append("<style>body{font-family:sans-serif;max-width:980px;margin:2em auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}th{background:#eee}</style></head><body>");
        h.append("<h1>Training report</h1>");
        h.append(String.format("<p><b>Validation accuracy: %.4f</b> (%d images, best epoch %d%s)</p>", ev.accuracy,
                r.valCount, r.bestEpoch, r.stoppedEarly ? ", stopped early" : ""));
        h.append("<h2>Run</h2><table>");
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            h.append("<tr><th>").append(esc(e.getKey())).append("</th><td style=\"text-align:left\">")
                    .append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
        }
        h.append("</table><h2>Per class</h2><table><tr><th>class</th><th>precision</th><th>recall</th><th>support</th></tr>");
        for (int k = 0; k < ev.classes.size(); k++) {
            h.append(String.format("<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>", esc(ev.classes.get(k)),
                    ev.precision[k], ev.recall[k], ev.support[k]));
        }
        h.append("</table><h2>Confusion matrix</h2><table><tr><th>true \\ predicted</th>");
        for (String c : ev.classes) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>");
        for (int i = 0; i < ev.classes.size(); i++) {
            h.append("<tr><th>").append(esc(ev.classes.get(i))).append("</th>");
            for (int j = 0; j < ev.classes.size(); j++) {
                h.append("<td>").append(ev.confusion[i][j]).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        h.append(img(BitmapEncoder.getBitmapBytes(confusionChart(ev), BitmapEncoder.BitmapFormat.PNG), "confusion matrix"));
        h.append("<h2>Learning curves</h2>");
        h.append(img(BitmapEncoder.getBitmapBytes(curve(r.history, true), BitmapEncoder.BitmapFormat.PNG), "accuracy"));
        h.append(img(BitmapEncoder.getBitmapBytes(curve(r.history, false), BitmapEncoder.BitmapFormat.PNG), "loss"));
        if (cmp != null) {
            h.append("<h2>Transfer learning vs training from scratch</h2>");
            h.append(String.format("<table><tr><th></th><th>validation accuracy</th><th>epochs</th><th>best epoch</th></tr>"
                    + "<tr><th>transfer learning (%s)</th><td>%.4f</td><td>%d</td><td>%d</td></tr>"
                    + "<tr><th>from scratch (%s, all layers, lr %s)</th><td>%.4f</td><td>%d</td><td>%d</td></tr></table>",
                    esc(String.valueOf(extra.get("base"))), ev.accuracy, r.history.size(), r.bestEpoch,
                    esc(cmp.scratchName), cmp.scratchLearningRate, cmp.scratchEvaluation.accuracy,
                    cmp.scratch.history.size(), cmp.scratch.bestEpoch));
            XYChart c = new XYChartBuilder().width(720).height(360).title("Validation accuracy: transfer vs scratch")
                    .xAxisTitle("epoch").yAxisTitle("accuracy").build();
            addSeries(c, "transfer learning", r.history);
            addSeries(c, "from scratch", cmp.scratch.history);
            h.append(img(BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG), "transfer vs scratch"));
        }
        h.append("<h2>Misclassified validation images (").append(ev.misclassified.size()).append(")</h2><table>")
                .append("<tr><th>file</th><th>true</th><th>predicted</th><th>confidence</th></tr>");
        for (Evaluation.Miss miss : ev.misclassified) {
            h.append(String.format("<tr><td style=\"text-align:left\">%s</td><td>%s</td><td>%s</td><td>%.3f</td></tr>",
                    esc(miss.file), esc(miss.trueClass), esc(miss.predicted), miss.confidence));
        }
        h.append("</table><h2>Skipped files (").append(r.skipped.size()).append(")</h2><table>")
                .append("<tr><th>file</th><th>reason</th></tr>");
        for (ImageFolder.Skipped s : r.skipped) {
            h.append("<tr><td style=\"text-align:left\">").append(esc(s.path.toString())).append("</td><td style=\"text-align:left\">")
                    .append(esc(s.reason)).append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    static HeatMapChart confusionChart(Evaluation ev) {
        HeatMapChart chart = new HeatMapChartBuilder().width(520).height(420).title("Confusion matrix (validation)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < ev.classes.size(); i++) {
            for (int j = 0; j < ev.classes.size(); j++) {
                cells.add(new Number[] {j, i, ev.confusion[i][j]});
            }
        }
        chart.addSeries("counts", ev.classes, ev.classes, cells);
        return chart;
    }

    static XYChart curve(List<EpochStats> history, boolean accuracy) {
        XYChart chart = new XYChartBuilder().width(720).height(360).title(accuracy ? "Accuracy" : "Loss")
                .xAxisTitle("epoch").yAxisTitle(accuracy ? "accuracy" : "cross-entropy").build();
        double[] x = history.stream().mapToDouble(e -> e.epoch).toArray();
        if (x.length == 0) {
            return chart;
        }
        double[] tr = history.stream().mapToDouble(e -> accuracy ? e.trainAccuracy : e.trainLoss).toArray();
        double[] va = history.stream().mapToDouble(e -> accuracy ? e.valAccuracy : e.valLoss).toArray();
        chart.addSeries("train", x, tr).setMarker(SeriesMarkers.NONE);
        chart.addSeries("validation", x, va).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static void addSeries(XYChart c, String name, List<EpochStats> history) {
        if (!history.isEmpty()) {
            c.addSeries(name, history.stream().mapToDouble(e -> e.epoch).toArray(),
                    history.stream().mapToDouble(e -> e.valAccuracy).toArray()).setMarker(SeriesMarkers.NONE);
        }
    }

    private static String img(byte[] png, String alt) {
        return "<p><img alt=\"" + alt + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"></p>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
