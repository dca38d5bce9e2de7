package dev.edgetl.softsensor.data;

import java.util.List;

/** Standard scaling {@code (v - mean) / std} per column, fitted on the training part only. */
public final class Scaling {
    public final float[] mean;
    public final float[] std;

    public Scaling(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits on {@code values[column][k]}; a constant column is refused (its std is 0 and scaling would divide by 0),
     * naming the column and the rows it was fitted on.
     */
    public static Scaling fit(double[][] values, List<String> names, String what) {
        int f = values.length;
        float[] mean = new float[f];
        float[] std = new float[f];
        for (int c = 0; c < f; c++) {
            double[] v = values[c];
            double m = 0;
            for (double x : v) {
                m += x;
            }
            m /= v.length;
            double s = 0;
            for (double x : v) {
                s += (x - m) * (x - m);
            }
            s = Math.sqrt(s / v.length);
            if (!(s > 1e-12 * Math.max(1, Math.abs(m)))) {
                throw new DataException("column '" + names.get(c) + "' is constant (" + m + ") in " + what
                        + ": it carries no information and can not be scaled; leave it out of the inputs");
            }
            mean[c] = (float) m;
            std[c] = (float) s;
        }
        return new Scaling(mean, std);
    }

    public float apply(double v, int column) {
        return (float) ((v - mean[column]) / std[column]);
    }

    public double invert(float v, int column) {
        return (double) v * std[column] + mean[column];
    }

    public int size() {
        return mean.length;
    }
}
