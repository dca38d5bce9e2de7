package dev.edgetl.cli.pipeline;

import dev.edgetl.runtime.format.ModelWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The top-level report.json + report.html: the key numbers of every stage and links to the stage reports. */
public final class PipelineReport {
    private PipelineReport() {}

    static Map<String, Object> build(PipelineConfig config, Path out, List<String> order, Map<String, StageRecord> records,
            Map<String, Boolean> skipped) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("createdUtc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("out", out.toString());
        List<Map<String, Object>> stages = new ArrayList<>();
        for (String s : order) {
            StageRecord rec = records.get(s);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", s);
            m.put("status", Boolean.TRUE.equals(skipped.get(s)) ? "skipped (inputs unchanged)" : "ran");
            m.put("seconds", rec.seconds);
            m.put("finishedUtc", rec.finishedUtc);
            m.put("inputsHash", rec.inputsHash);
            m.put("report", rec.summary.get("report"));
            stages.add(m);
        }
        r.put("stages", stages);
        Map<String, Object> t = new LinkedHashMap<>();
        StageRecord train = records.get(Pipeline.TRAIN);
        t.put("classes", train.summary.get("classes"));
        t.put("trainImages", train.summary.get("trainImages"));
        t.put("valImages", train.summary.get("valImages"));
        t.put("base", train.summary.get("base"));
        t.put("accuracy", train.summary.get("valAccuracy"));
        if (records.containsKey(Pipeline.PRETRAIN)) {
            StageRecord p = records.get(Pipeline.PRETRAIN);
            t.put("pretrainClasses", p.summary.get("classes"));
            t.put("pretrainImages", p.summary.get("trainImages"));
            t.put("pretrainAccuracy", p.summary.get("valAccuracy"));
        }
        if (records.containsKey(Pipeline.BASELINE)) {
            StageRecord b = records.get(Pipeline.BASELINE);
            t.put("baselineBase", b.summary.get("base"));
            t.put("baselineAccuracy", b.summary.get("valAccuracy"));
            t.put("gainOverBaseline", ((Number) train.summary.get("valAccuracy")).doubleValue()
                    - ((Number) b.summary.get("valAccuracy")).doubleValue());
        }
        r.put("training", t);
        r.put("compress", records.get(Pipeline.COMPRESS).summary);
        r.put("runtime", records.get(Pipeline.RUNTIME).summary);
        if (records.containsKey(Pipeline.DEPLOY)) {
            r.put("deploy", records.get(Pipeline.DEPLOY).summary);
        }
        return r;
    }

    static void write(Map<String, Object> report, Path json, Path html) throws IOException {
        ModelWriter.writeAtomically(json, StageRecord.JSON.writeValueAsString(report).getBytes(StandardCharsets.UTF_8));
        ModelWriter.writeAtomically(html, html(report).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>edgetl pipeline report</title><style>")
                .append("body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.pass{color:#080}.fail{color:#b00}")
                .append("</style></head><body><h1>edgetl pipeline report</h1>");
        h.append("<p>").append(esc(r.get("createdUtc"))).append(" &middot; ").append(esc(r.get("out"))).append("</p>");
        if (r.get("context") instanceof Map<?, ?> ctx) {
            h.append("<p>");
            ctx.forEach((k, v) -> h.append("<b>").append(esc(k)).append("</b>: ").append(esc(v)).append("<br>"));
            h.append("</p>");
        }
        h.append("<h2>Stages</h2><table><tr><th>stage</th><th>status</th><th>seconds</th><th>report</th></tr>");
        for (Map<String, Object> s : (List<Map<String, Object>>) r.get("stages")) {
            Object rep = s.get("report");
            h.append("<tr><td>").append(esc(s.get("stage"))).append("</td><td>").append(esc(s.get("status")))
                    .append("</td><td>").append(esc(s.get("seconds"))).append("</td><td>")
                    .append(rep == null ? "" : "<a href=\"" + esc(rep) + "\">" + esc(rep) + "</a>").append("</td></tr>");
        }
        h.append("</table>");
        Map<String, Object> t = (Map<String, Object>) r.get("training");
        h.append("<h2>Training</h2><table>");
        if (t.containsKey("pretrainAccuracy")) {
            row(h, "pretrained on", t.get("pretrainClasses") + ", " + t.get("pretrainImages") + " images");
            row(h, "pretrain validation accuracy", pct(t.get("pretrainAccuracy")));
        }
        row(h, "task classes", t.get("classes"));
        row(h, "train / validation images", t.get("trainImages") + " / " + t.get("valImages"));
        row(h, "transfer learning from " + t.get("base") + ": validation accuracy", pct(t.get("accuracy")));
        if (t.containsKey("baselineAccuracy")) {
            row(h, "from scratch (" + t.get("baselineBase") + "): validation accuracy", pct(t.get("baselineAccuracy")));
            row(h, "gain of transfer learning", String.format(Locale.ROOT, "%+.1f points",
                    100 * ((Number) t.get("gainOverBaseline")).doubleValue()));
        }
        h.append("</table>");
        Map<String, Object> c = (Map<String, Object>) r.get("compress");
        h.append("<h2>Compression and budget verdict: ").append(esc(c.get("device"))).append("</h2>");
        h.append("<p>budget: ").append(esc(c.get("budget"))).append("</p>");
        h.append("<table><tr><th>variant</th><th>file bytes</th><th>accuracy</th><th>agreement with float</th>")
                .append("<th>host p50 ms</th><th>device latency ms (estimate)</th><th>device memory (estimate)</th>")
                .append("<th>verdict</th></tr>");
        for (Map<String, Object> v : (List<Map<String, Object>>) c.get("variants")) {
            boolean pass = Boolean.TRUE.equals(v.get("pass"));
            StringBuilder why = new StringBuilder();
            for (Map<String, Object> ch : (List<Map<String, Object>>) v.get("checks")) {
                if (!Boolean.TRUE.equals(ch.get("pass"))) {
                    why.append("; ").append(ch.get("criterion")).append(' ').append(ch.get("value")).append(" not ")
                            .append(ch.get("limit"));
                }
            }
            h.append("<tr><td>").append(esc(v.get("name"))).append("</td><td>").append(esc(v.get("fileBytes")))
                    .append("</td><td>").append(pct(v.get("accuracy"))).append("</td><td>").append(pct(v.get("agreement")))
                    .append("</td><td>").append(num(v.get("hostP50Ms"))).append("</td><td>").append(num(v.get("deviceLatencyMs")))
                    .append("</td><td>").append(v.get("deviceMemoryBytes") == null ? "" : esc(String.format(Locale.ROOT, "%.1f MB",
                            ((Number) v.get("deviceMemoryBytes")).doubleValue() / 1e6)))
                    .append("</td><td class=\"").append(pass ? "pass\">PASS" : "fail\">FAIL").append(esc(why)).append("</td></tr>");
        }
        h.append("</table><p>chosen: <b>").append(c.get("chosen") == null ? "none: no variant meets the budget" : esc(c.get("chosen")))
                .append("</b> (the smallest variant that passes every criterion)</p>");
        Map<String, Object> rt = (Map<String, Object>) r.get("runtime");
        h.append("<h2>Edge runtime</h2><table>");
        row(h, "model", rt.get("model"));
        row(h, "backend", rt.get("backend"));
        row(h, "accuracy on " + rt.get("images") + " evaluation images", pct(rt.get("accuracy")));
        row(h, "host latency p50 / p90 ms (1 thread)", num(rt.get("p50Ms")) + " / " + num(rt.get("p90Ms")));
        row(h, "arena bytes", rt.get("arenaBytes"));
        h.append("</table>");
        if (r.get("deploy") instanceof Map<?, ?> d) {
            h.append("<h2>Deploy</h2><table>");
            d.forEach((k, v) -> row(h, String.valueOf(k), v));
            h.append("</table>");
        }
        h.append("<p>Machine-readable: <a href=\"report.json\">report.json</a>; stage records in <code>stages/</code>.</p>");
        return h.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder h, String k, Object v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    static String pct(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f %%", 100 * n.doubleValue()) : "n/a";
    }

    private static String num(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "n/a";
    }

    private static String esc(Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
