package dev.edgetl.cli.pipeline;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text summary printed at the end of a pipeline (and demo) run: the same numbers as report.json. */
public final class PipelineSummary {
    private PipelineSummary() {}

    @SuppressWarnings("unchecked")
    public static void print(Pipeline.Outcome o, PrintWriter out) {
        Map<String, Object> t = (Map<String, Object>) o.report.get("training");
        out.println();
        out.println("Training (validation accuracy)");
        if (t.containsKey("pretrainAccuracy")) {
            out.printf(Locale.ROOT, "  pretrain   %-8s on %s (%s images)%n", PipelineReport.pct(t.get("pretrainAccuracy")).replace(" ", ""),
                    t.get("pretrainClasses"), t.get("pretrainImages"));
        }
        out.printf(Locale.ROOT, "  transfer   %-8s on %s (%s train images)%n", PipelineReport.pct(t.get("accuracy")).replace(" ", ""),
                t.get("classes"), t.get("trainImages"));
        if (t.containsKey("baselineAccuracy")) {
            out.printf(Locale.ROOT, "  scratch    %-8s same data, from %s%n", PipelineReport.pct(t.get("baselineAccuracy")).replace(" ", ""),
                    t.get("baselineBase"));
        }
        Map<String, Object> c = (Map<String, Object>) o.report.get("compress");
        out.println();
        out.printf(Locale.ROOT, "Verdict for %s (budget %s)%n", c.get("device"), c.get("budget"));
        out.printf(Locale.ROOT, "  %-16s %10s %9s %9s %9s %12s  %s%n", "variant", "bytes", "accuracy", "agree", "host p50",
                "device est.", "verdict");
        for (Map<String, Object> v : (List<Map<String, Object>>) c.get("variants")) {
            out.printf(Locale.ROOT, "  %-16s %10s %9s %9s %9s %12s  %s%n", v.get("name"), v.get("fileBytes"),
                    PipelineReport.pct(v.get("accuracy")).replace(" ", ""), PipelineReport.pct(v.get("agreement")).replace(" ", ""),
                    ms(v.get("hostP50Ms")), ms(v.get("deviceLatencyMs")), Boolean.TRUE.equals(v.get("pass")) ? "PASS" : "FAIL");
        }
        out.println("  chosen: " + (c.get("chosen") == null ? "none (no variant meets the budget)" : c.get("chosen")));
        Map<String, Object> rt = (Map<String, Object>) o.report.get("runtime");
        out.println();
        out.printf(Locale.ROOT, "Edge runtime: %s (%s) classified %s images, accuracy %s, p50 %s%n", rt.get("model"), rt.get("variant"),
                rt.get("images"), PipelineReport.pct(rt.get("accuracy")).replace(" ", ""), ms(rt.get("p50Ms")));
        if (o.report.get("deploy") instanceof Map<?, ?> d && d.get("result") instanceof Map<?, ?> res) {
            Object p50 = res.get("bench") instanceof Map<?, ?> b ? b.get("p50Ms") : null;
            out.printf(Locale.ROOT, "Deploy: %s (%s): measured p50 %s%s; %s%n", d.get("target"), d.get("device"), ms(p50),
                    res.get("comparison") == null ? "" : " (" + res.get("comparison") + ")", d.get("report"));
        }
        out.println();
        out.println("report: " + o.reportHtml);
        out.flush();
    }

    private static String ms(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f ms", n.doubleValue()) : "n/a";
    }
}
