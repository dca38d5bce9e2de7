package dev.edgetl.softsensor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.softsensor.export.SensorCard;
import dev.edgetl.softsensor.transfer.TransferStudy;
import dev.edgetl.softsensor.transfer.TransferStudy.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * {@code report.json} and {@code report.html} of a transfer study: per target size, the mean test RMSE, MAE and R2
 * (or accuracy) of fine-tuning and of training from scratch, the difference, and learning curves. The verdict is
 * per size, and says so when fine-tuning does not help.
 */
public final class TransferReport {
    private TransferReport() {}

    public static ObjectNode json(Result r) {
        boolean cls = r.target.labels != null;
        ObjectNode root = SensorCard.JSON.createObjectNode();
        root.put("name", r.spec.name);
        root.put("task", cls ? "classification" : "regression");
        root.put("model", r.spec.model.arch.id());
        root.put("freezeFeatures", r.spec.freezeFeatures);
        root.put("repeats", r.spec.repeats);
        ObjectNode src = root.putObject("source");
        src.put("data", r.source.spec.data.toString() + (r.source.spec.where != null ? " where " + r.source.spec.where : ""));
        src.put("targets", String.join(",", r.source.targetNames));
        src.put("trainWindows", r.source.train.n);
        src.put("testHeadline", r.sourceTest.headline());
        src.put("pretrainEpochs", r.pretraining.history.size());
        ObjectNode tgt = root.putObject("target");
        tgt.put("data", r.target.spec.data.toString() + (r.target.spec.where != null ? " where " + r.target.spec.where : ""));
        tgt.put("targets", String.join(",", r.target.targetNames));
        tgt.put("trainWindows", r.target.train.n);
        tgt.put("testWindows", r.target.test.n);
        tgt.put("split", r.target.spec.splitDescription());
        if (r.zeroShot != null) {
            root.put("sourceModelOnTargetTest", r.zeroShot.headline());
        }
        root.put("keepHead", r.spec.keepHead);
        ArrayNode curve = root.putArray("curve");
        for (int n : TransferStudy.sizesRun(r)) {
            ObjectNode c = curve.addObject();
            c.put("targetSamples", n);
            for (String metric : metrics(cls)) {
                double ft = TransferStudy.mean(r, n, "finetune", metric);
                double sc = TransferStudy.mean(r, n, "scratch", metric);
                c.putObject(metric).put("finetune", ft).put("scratch", sc).put("difference", ft - sc);
            }
            c.put("finetuneBetter", better(r, n, cls));
        }
        ArrayNode runs = root.putArray("runs");
        for (TransferStudy.Run run : r.runs) {
            ObjectNode o = runs.addObject();
            o.put("targetSamples", run.size).put("repeat", run.repeat).put("method", run.method)
                    .put("epochs", run.epochs).put("millis", run.millis);
            if (cls) {
                o.put("accuracy", run.metrics.accuracy);
            } else {
                o.put("rmse", run.metrics.rmse[0]).put("mae", run.metrics.mae[0]).put("r2", run.metrics.r2[0]);
            }
        }
        root.put("millis", r.millis);
        return root;
    }

    /** Fine-tuning beats scratch at size n: lower mean RMSE (regression) or higher mean accuracy. */
    public static boolean better(Result r, int n, boolean cls) {
        return cls ? TransferStudy.mean(r, n, "finetune", "accuracy") > TransferStudy.mean(r, n, "scratch", "accuracy")
                : TransferStudy.mean(r, n, "finetune", "rmse") < TransferStudy.mean(r, n, "scratch", "rmse");
    }

    static List<String> metrics(boolean cls) {
        return cls ? List.of("accuracy") : List.of("rmse", "mae", "r2");
    }

    public static Path write(Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode json = json(r);
        ModelWriter.writeAtomically(dir.resolve("report.json"), SensorCard.JSON.writeValueAsBytes(json));
        Path html = dir.resolve("report.html");
        ModelWriter.writeAtomically(html, html(r).getBytes(StandardCharsets.UTF_8));
        return html;
    }

    static String html(Result r) throws IOException {
        boolean cls = r.target.labels != null;
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>edgetl transfer"
                + " report</title>" + Charts.STYLE + "</head><body>");
        h.append("<h1>Transfer: ").append(Charts.esc(r.spec.name)).append("</h1><p>")
                .append("Source: ").append(Charts.esc(r.source.spec.data.toString()))
                .append(r.source.spec.where != null ? " where " + Charts.esc(r.source.spec.where) : "")
                .append(", target ").append(Charts.esc(String.join(",", r.source.targetNames))).append(", ")
                .append(r.source.train.n).append(" training windows (source test ")
                .append(cls ? "accuracy " : "R2 ").append(fmt(r.sourceTest.headline())).append(")<br>Target: ")
                .append(Charts.esc(r.target.spec.data.toString()))
                .append(r.target.spec.where != null ? " where " + Charts.esc(r.target.spec.where) : "")
                .append(", target ").append(Charts.esc(String.join(",", r.target.targetNames))).append(", test part ")
                .append(r.target.test.n).append(" windows (").append(Charts.esc(r.target.spec.splitDescription()))
                .append(")<br>Model ").append(r.spec.model.arch.id()).append(r.spec.keepHead ? ", source head kept"
                        : ", new head").append(", features ")
                .append(r.spec.freezeFeatures ? "frozen" : "fine-tuned").append(", mean of ").append(r.spec.repeats)
                .append(" draws per size")
                .append(r.zeroShot != null ? "<br>Source model on the target's test part, no target labels: "
                        + (cls ? "accuracy " : "R2 ") + fmt(r.zeroShot.headline()) : "").append("</p>");
        h.append("<table><tr><th>target samples</th>");
        for (String m : metrics(cls)) {
            h.append("<th>").append(m).append(" fine-tune</th><th>").append(m).append(" scratch</th>");
        }
        h.append("<th>").append(cls ? "accuracy gain" : "RMSE change").append("</th><th>verdict</th></tr>");
        List<Integer> sizes = TransferStudy.sizesRun(r);
        for (int n : sizes) {
            h.append("<tr><td>").append(n).append("</td>");
            for (String m : metrics(cls)) {
                h.append("<td>").append(fmt(TransferStudy.mean(r, n, "finetune", m))).append("</td><td>")
                        .append(fmt(TransferStudy.mean(r, n, "scratch", m))).append("</td>");
            }
            if (cls) {
                double d = TransferStudy.mean(r, n, "finetune", "accuracy") - TransferStudy.mean(r, n, "scratch", "accuracy");
                h.append("<td>").append(String.format(Locale.ROOT, "%+.3f", d)).append("</td>");
            } else {
                double ft = TransferStudy.mean(r, n, "finetune", "rmse");
                double sc = TransferStudy.mean(r, n, "scratch", "rmse");
                h.append("<td>").append(String.format(Locale.ROOT, "%+.1f%%", 100 * (ft - sc) / sc)).append("</td>");
            }
            h.append("<td style=\"text-align:left\">").append(better(r, n, cls) ? "fine-tuning better"
                    : "fine-tuning does not help here").append("</td></tr>");
        }
        h.append("</table>");
        double[] x = sizes.stream().mapToDouble(Integer::doubleValue).toArray();
        for (String m : metrics(cls)) {
            XYChart c = new XYChartBuilder().width(720).height(360).title(m + " on the target's test part")
                    .xAxisTitle("labelled target samples").yAxisTitle(m).build();
            c.getStyler().setXAxisLogarithmic(true);
            c.addSeries("fine-tuned from source", x, sizes.stream().mapToDouble(n -> TransferStudy.mean(r, n, "finetune", m)).toArray());
            c.addSeries("from scratch", x, sizes.stream().mapToDouble(n -> TransferStudy.mean(r, n, "scratch", m)).toArray());
            h.append(Charts.img(c, m + " learning curve"));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
