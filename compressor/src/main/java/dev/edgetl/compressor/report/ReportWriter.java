package dev.edgetl.compressor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.compressor.budget.Verdict;
import dev.edgetl.compressor.evaluate.VariantMetrics;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BubbleChart;
import org.knowm.xchart.BubbleChartBuilder;
import org.knowm.xchart.BubbleSeries;

/** Writes report.json, report.md and report.html (with the accuracy/latency/size plot embedded as PNG). */
public final class ReportWriter {
    private ReportWriter() {}

    public static void writeAll(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), report);
        Files.writeString(dir.resolve("report.md"), markdown(report));
        byte[] png = plot(report);
        Files.write(dir.resolve("tradeoff.png"), png);
        Files.writeString(dir.resolve("report.html"), html(report, png));
    }

    static String qualityName(Report r) {
        if (r.regression()) {
            return r.variants().stream().anyMatch(v -> v.accuracy() != null) ? "R^2 vs targets"
                    : "R^2 vs float outputs";
        }
        return r.variants().stream().anyMatch(v -> v.accuracy() != null) ? "top-1 accuracy"
                : "top-1 agreement with float";
    }

    /** Accuracy (or agreement) against host latency; bubble area follows the file size; Pareto front in colour. */
    public static byte[] plot(Report r) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BubbleChart chart = new BubbleChartBuilder().width(800).height(520)
                .title(qualityName(r) + " vs latency; bubble = file size, coloured = Pareto front")
                .xAxisTitle("host latency p50 (ms, edge-runtime)").yAxisTitle(qualityName(r) + " (%)").build();
        long maxBytes = r.variants().stream().mapToLong(VariantMetrics::fileBytes).max().orElse(1);
        Color[] front = {new Color(0x1b9e77), new Color(0xd95f02), new Color(0x7570b3), new Color(0xe7298a),
                new Color(0x66a61e), new Color(0xe6ab02)};
        int f = 0;
        int plotted = 0;
        for (VariantMetrics v : r.variants()) {
            if (v.failed() || Double.isNaN(v.latencyP50Ms())) {
                continue;
            }
            boolean onFront = r.paretoFront().contains(v.name());
            double size = 60 * Math.sqrt(v.fileBytes() / (double) maxBytes);
            BubbleSeries s = chart.addSeries(v.name() + (onFront ? " [Pareto]" : "") + " " + human(v.fileBytes()),
                    new double[] {v.latencyP50Ms()}, new double[] {100 * Pareto.quality(v)}, new double[] {size});
            s.setFillColor(onFront ? withAlpha(front[f++ % front.length], 170) : new Color(160, 160, 160, 120));
            s.setLineColor(onFront ? Color.BLACK : Color.GRAY);
            plotted++;
        }
        if (plotted == 0) {
            chart.addSeries("no variant ran", new double[] {0}, new double[] {0}, new double[] {1});
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static Color withAlpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    public static String human(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024));
    }

    private static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    private static String num(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    public static String markdown(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# edgetl compress report\n\n");
        sb.append("- model: `").append(r.model()).append("`\n");
        sb.append("- created (UTC): ").append(r.createdUtc()).append('\n');
        sb.append("- preprocessing: ").append(r.preprocessing()).append('\n');
        sb.append(r.regression() || r.preprocessing().startsWith("tensor") ? "- calibration inputs: " : "- calibration images: ")
                .append(r.calibrationImages()).append(", method: ")
                .append(r.calibrationMethod()).append('\n');
        sb.append("- evaluation inputs: ").append(r.evalImages()).append('\n');
        if (r.regression()) {
            sb.append("- regression: accuracy is R^2 against the targets, agreement R^2 against the float model's outputs\n");
        }
        sb.append("- device profile: `").append(r.verdict().budget().device()).append("`\n\n");
        sb.append("## Variants\n\n");
        boolean reg = r.regression();
        sb.append(reg ? "| variant | file | weights | arena | RAM | R^2 vs targets | R^2 vs float | RMSE vs targets | RMSE vs float"
                : "| variant | file | weights | arena | RAM | accuracy | agreement with float");
        sb.append(" | p50 ms (host) | p90 ms (host) | device p90 ms (estimate) | device RAM (estimate) | note |\n");
        sb.append(reg ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
                : "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (VariantMetrics v : r.variants()) {
            sb.append("| ").append(v.name()).append(r.paretoFront().contains(v.name()) ? " (Pareto)" : "")
                    .append(" | ").append(human(v.fileBytes())).append(" | ").append(human(v.weightBytes()))
                    .append(" | ").append(human(v.arenaBytes())).append(" | ").append(human(v.ramBytes()))
                    .append(" | ").append(pct(v.accuracy())).append(" | ")
                    .append(v.failed() ? "n/a" : pct(v.agreement())).append(" | ")
                    .append(reg ? num(v.rmse()) + " | " + num(v.rmseVsFloat()) + " | " : "").append(ms(v.latencyP50Ms()))
                    .append(" | ").append(ms(v.latencyP90Ms())).append(" | ")
                    .append(v.estimate() == null || v.estimate().latencyMs() == null ? "n/a"
                            : ms(v.estimate().latencyMs()) + " (estimate)")
                    .append(" | ").append(v.estimate() == null || v.estimate().memoryBytes() == null ? "n/a"
                            : human(v.estimate().memoryBytes()) + " (estimate)")
                    .append(" | ").append(v.failed() ? v.error().replace('|', '/') : v.description()).append(" |\n");
        }
        if (r.calibrationComparison() != null && !r.calibrationComparison().isEmpty()) {
            sb.append("\n## Calibration methods (int8 per-channel, agreement with float top-1)\n\n| method | agreement |\n|---|---:|\n");
            for (Map.Entry<String, Double> e : r.calibrationComparison().entrySet()) {
                sb.append("| ").append(e.getKey()).append(" | ").append(pct(e.getValue())).append(" |\n");
            }
        }
        sb.append("\n## Verdict\n\n");
        Verdict vd = r.verdict();
        for (Verdict.Row row : vd.rows()) {
            sb.append("### ").append(row.variant()).append(": ").append(row.pass() ? "PASS" : "FAIL").append("\n\n");
            sb.append("| criterion | limit | value | result |\n|---|---|---|---|\n");
            for (Verdict.Check c : row.checks()) {
                sb.append("| ").append(c.criterion()).append(" | ").append(c.limit()).append(" | ")
                        .append(c.value().replace('|', '/')).append(" | ").append(c.pass() ? "pass" : "FAIL").append(" |\n");
            }
            sb.append('\n');
        }
        sb.append(vd.chosen() == null ? "**No variant passes the budget.**\n"
                : "**Chosen variant: " + vd.chosen() + "** (the smallest file that passes every criterion).\n");
        if (!r.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            for (String n : r.notes()) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    public static String html(Report r, byte[] png) {
        String md = markdown(r);
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>edgetl compress report</title>")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px}.pass{color:#1a7f37}.fail{color:#c62828;font-weight:bold}</style>")
                .append("</head><body>\n");
        sb.append("<img alt=\"accuracy vs latency\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        // The markdown tables rendered as HTML tables, line by line (no markdown library needed for this subset).
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                if (!inTable) {
                    sb.append("<table>\n");
                    inTable = true;
                }
                sb.append("<tr>");
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                for (String c : cells) {
                    String t = escape(c.trim());
                    String cls = t.equals("pass") ? " class=\"pass\"" : t.equals("FAIL") ? " class=\"fail\"" : "";
                    sb.append("<td").append(cls).append('>').append(t).append("</td>");
                }
                sb.append("</tr>\n");
                continue;
            }
            if (inTable) {
                sb.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("### ")) {
                sb.append("<h3>").append(escape(line.substring(4))).append("</h3>\n");
            } else if (line.startsWith("## ")) {
                sb.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                sb.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("- ")) {
                sb.append("<li>").append(escape(line.substring(2)).replace("`", "")).append("</li>\n");
            } else if (!line.isBlank()) {
                sb.append("<p>").append(escape(line).replace("**", "")).append("</p>\n");
            }
        }
        if (inTable) {
            sb.append("</table>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
