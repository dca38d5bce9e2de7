package dev.edgetl.softsensor.train;

import dev.edgetl.softsensor.data.Scaling;
import dev.edgetl.softsensor.data.Windows;
import java.util.LinkedHashMap;
import java.util.Map;

/** RMSE, MAE and R2 per target in the data's own units (regression), accuracy (classification). */
public final class Metrics {
    public final int count;
    public final double[] rmse;
    public final double[] mae;
    public final double[] r2;
    public final double accuracy;
    public final int[][] confusion;

    private Metrics(int count, double[] rmse, double[] mae, double[] r2, double accuracy, int[][] confusion) {
        this.count = count;
        this.rmse = rmse;
        this.mae = mae;
        this.r2 = r2;
        this.accuracy = accuracy;
        this.confusion = confusion;
    }

    /** @param outputs the network's raw outputs {@code [n, T]} (scaled values) or {@code [n, C]} (logits) */
    public static Metrics of(Windows w, float[] outputs, Scaling targetScaling, int classes) {
        if (w.classification()) {
            int[][] conf = new int[classes][classes];
            int ok = 0;
            for (int i = 0; i < w.n; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (outputs[i * classes + c] > outputs[i * classes + best]) {
                        best = c;
                    }
                }
                conf[w.labels[i]][best]++;
                if (best == w.labels[i]) {
                    ok++;
                }
            }
            return new Metrics(w.n, null, null, null, w.n == 0 ? Double.NaN : (double) ok / w.n, conf);
        }
        int t = w.targets;
        double[] rmse = new double[t];
        double[] mae = new double[t];
        double[] r2 = new double[t];
        for (int j = 0; j < t; j++) {
            double mean = 0;
            for (int i = 0; i < w.n; i++) {
                mean += targetScaling.invert(w.y[i * t + j], j);
            }
            mean /= w.n;
            double sse = 0;
            double sae = 0;
            double sst = 0;
            for (int i = 0; i < w.n; i++) {
                double truth = targetScaling.invert(w.y[i * t + j], j);
                double pred = targetScaling.invert(outputs[i * t + j], j);
                sse += (truth - pred) * (truth - pred);
                sae += Math.abs(truth - pred);
                sst += (truth - mean) * (truth - mean);
            }
            rmse[j] = Math.sqrt(sse / w.n);
            mae[j] = sae / w.n;
            r2[j] = 1 - sse / sst;
        }
        return new Metrics(w.n, rmse, mae, r2, Double.NaN, null);
    }

    public boolean classification() {
        return confusion != null;
    }

    /** The headline number: R2 of the first target, or accuracy. */
    public double headline() {
        return classification() ? accuracy : r2[0];
    }

    public Map<String, Object> toMap(java.util.List<String> targetNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", count);
        if (classification()) {
            m.put("accuracy", accuracy);
            m.put("confusion", confusion);
        } else {
            for (int j = 0; j < rmse.length; j++) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("rmse", rmse[j]);
                t.put("mae", mae[j]);
                t.put("r2", r2[j]);
                m.put(targetNames.get(j), t);
            }
        }
        return m;
    }
}
