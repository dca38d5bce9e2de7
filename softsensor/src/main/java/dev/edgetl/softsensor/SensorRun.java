package dev.edgetl.softsensor;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgetl.runtime.format.ModelWriter;
import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.data.SensorDataset;
import dev.edgetl.softsensor.data.Windows;
import dev.edgetl.compressor.tensors.Npy;
import dev.edgetl.softsensor.export.SensorCard;
import dev.edgetl.softsensor.export.SensorExporter;
import dev.edgetl.softsensor.models.ModelSpec;
import dev.edgetl.softsensor.models.SensorNet;
import dev.edgetl.softsensor.report.Charts;
import dev.edgetl.softsensor.train.Metrics;
import dev.edgetl.softsensor.train.SensorTrainer;
import dev.edgetl.softsensor.train.TrainOptions;
import dev.edgetl.softsensor.train.TrainResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One soft-sensor training run ({@code edgetl sensor train}): windows, training with early stopping, metrics on
 * the validation and test parts, export of {@code model.tflite} + {@code model.json} + {@code calibration.npy}, and
 * {@code report.json} / {@code report.html}. Every file is written atomically.
 */
public final class SensorRun {
    public static final class Outcome {
        public SensorDataset data;
        public SensorNet net;
        public TrainResult training;
        public Metrics val;
        public Metrics test;
        public float[] testOutputs;
        public Path model;
        public Path card;
        public Path calibration;
        public Path report;
        public ObjectNode cardJson;
        public Map<String, Object> summary;
    }

    private SensorRun() {}

    public static Outcome run(DataSpec spec, ModelSpec model, TrainOptions opts, Path outDir) throws IOException {
        Outcome o = new Outcome();
        o.data = SensorDataset.load(spec);
        SensorDataset d = o.data;
        boolean cls = d.labels != null;
        int outputs = cls ? d.labels.size() : d.targetNames.size();
        SensorTrainer.seed(opts.seed);
        o.net = model.build(d.train.length, d.train.features, outputs);
        try (NDManager m = NDManager.newBaseManager()) {
            o.net.initialize(m);
            o.training = SensorTrainer.fit(o.net, d.train, d.val.n > 0 ? d.val : null, opts, m);
            o.val = d.val.n > 0 ? evaluate(o.net, d.val, d, m, null) : null;
            float[][] testOut = new float[1][];
            o.test = evaluate(o.net, d.test, d, m, testOut);
            o.testOutputs = testOut[0];
            Map<String, Object> metrics = new LinkedHashMap<>();
            if (o.val != null) {
                metrics.put("validation", o.val.toMap(d.targetNames));
            }
            metrics.put("test", o.test.toMap(d.targetNames));
            metrics.put("bestEpoch", o.training.bestEpoch);
            metrics.put("epochs", o.training.history.size());
            metrics.put("trainWindows", d.train.n);
            metrics.put("trainMillis", o.training.millis);
            o.summary = metrics;
            o.cardJson = SensorCard.build(o.net, d, d.inputScaling, d.targetScaling, metrics, spec.splitDescription(),
                    opts.seed);
            Files.createDirectories(outDir);
            byte[] tflite = SensorExporter.export(o.net, cls, SensorCard.JSON.writeValueAsString(o.cardJson));
            o.model = outDir.resolve("model.tflite");
            o.card = outDir.resolve("model.json");
            o.calibration = outDir.resolve("calibration.npy");
            ModelWriter.writeAtomically(o.model, tflite);
            ModelWriter.writeAtomically(o.card, SensorCard.JSON.writeValueAsBytes(o.cardJson));
            Npy.write(o.calibration, new int[] {d.train.n, d.train.length, d.train.features}, d.train.x);
            o.report = outDir.resolve("report.html");
            ObjectNode rep = SensorCard.JSON.createObjectNode();
            rep.set("card", o.cardJson);
            rep.set("history", SensorCard.JSON.valueToTree(o.training.history));
            ModelWriter.writeAtomically(outDir.resolve("report.json"), SensorCard.JSON.writeValueAsBytes(rep));
            ModelWriter.writeAtomically(o.report, html(o).getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    static Metrics evaluate(SensorNet net, Windows w, SensorDataset d, NDManager m, float[][] keep) {
        float[] out = net.predict(m, w.x, w.n, 256);
        if (keep != null) {
            keep[0] = out;
        }
        return Metrics.of(w, out, d.targetScaling, d.labels == null ? 0 : d.labels.size());
    }

    private static String html(Outcome o) throws IOException {
        SensorDataset d = o.data;
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>edgetl soft sensor"
                + "</title>" + Charts.STYLE + "</head><body><h1>Soft sensor: " + Charts.esc(o.net.arch.id()) + "</h1>");
        h.append("<p>Data: ").append(Charts.esc(d.spec.data.toString())).append("<br>Split: ")
                .append(Charts.esc(d.spec.splitDescription())).append("<br>Windows: train ").append(d.train.n)
                .append(", validation ").append(d.val.n).append(", test ").append(d.test.n).append(" (length ")
                .append(d.train.length).append(" x ").append(d.train.features).append(" inputs)</p>");
        h.append("<h2>Test metrics</h2><pre>").append(Charts.esc(SensorCard.JSON.writeValueAsString(o.summary)))
                .append("</pre>");
        XYChart loss = new XYChartBuilder().width(720).height(320).title("Loss").xAxisTitle("epoch").yAxisTitle("loss")
                .build();
        double[] ep = o.training.history.stream().mapToDouble(r -> r[0]).toArray();
        loss.addSeries("train", ep, o.training.history.stream().mapToDouble(r -> r[1]).toArray())
                .setMarker(SeriesMarkers.NONE);
        loss.addSeries("validation", ep, o.training.history.stream().mapToDouble(r -> r[2]).toArray())
                .setMarker(SeriesMarkers.NONE);
        h.append(Charts.img(loss, "loss"));
        if (d.labels == null) {
            XYChart tc = new XYChartBuilder().width(900).height(360).title("Test part: " + d.targetNames.get(0))
                    .xAxisTitle("row").yAxisTitle(d.targetNames.get(0)).build();
            int t = d.test.targets;
            double[] x = new double[d.test.n];
            double[] truth = new double[d.test.n];
            double[] pred = new double[d.test.n];
            for (int i = 0; i < d.test.n; i++) {
                x[i] = d.test.origin[i];
                truth[i] = d.targetScaling.invert(d.test.y[i * t], 0);
                pred[i] = d.targetScaling.invert(o.testOutputs[i * t], 0);
            }
            tc.addSeries("measured", x, truth).setMarker(SeriesMarkers.NONE);
            tc.addSeries("estimated", x, pred).setMarker(SeriesMarkers.NONE);
            h.append(Charts.img(tc, "test predictions"));
        }
        h.append("</body></html>\n");
        return h.toString();
    }
}
