package dev.edgetl.softsensor.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Windows for training, validation and test, with the scaling fitted on the training part. */
public final class SensorDataset {
    public final DataSpec spec;
    public final Windows train;
    public final Windows val;
    public final Windows test;
    public final Scaling inputScaling;
    /** Regression only (null for classification). */
    public final Scaling targetScaling;
    public final List<String> inputNames;
    public final List<String> targetNames;
    /** Classification only: label strings, index = class. */
    public final List<String> labels;
    /** File -> sha256 of every file read. */
    public final Map<String, String> files;

    private SensorDataset(DataSpec spec, Windows train, Windows val, Windows test, Scaling in, Scaling tg,
            List<String> inputNames, List<String> targetNames, List<String> labels, Map<String, String> files) {
        this.spec = spec;
        this.train = train;
        this.val = val;
        this.test = test;
        this.inputScaling = in;
        this.targetScaling = tg;
        this.inputNames = inputNames;
        this.targetNames = targetNames;
        this.labels = labels;
        this.files = files;
    }

    public static SensorDataset load(DataSpec spec) {
        return load(spec, null);
    }

    /**
     * @param inputScaling a fixed input scaling (for transfer: the source's), or null to fit it on the training part
     */
    public static SensorDataset load(DataSpec spec, Scaling inputScaling) {
        if (spec.data == null) {
            throw new DataException("no data file given");
        }
        if (spec.targets.isEmpty()) {
            throw new DataException(spec.data + ": no target column given");
        }
        if (spec.task == Task.CLASSIFICATION && spec.targets.size() != 1) {
            throw new DataException("classification takes one target column, got " + spec.targets);
        }
        if (!(spec.trainFraction > 0) || !(spec.valFraction >= 0) || spec.trainFraction + spec.valFraction >= 1) {
            throw new DataException("split fractions train " + spec.trainFraction + " + validation " + spec.valFraction
                    + " must leave a test part");
        }
        if (spec.stride < 1) {
            throw new DataException("window stride must be at least 1, got " + spec.stride);
        }
        Map<String, String> files = new LinkedHashMap<>();
        Table table = TableReader.read(spec.data, spec.header, spec.columnNames);
        files.put(spec.data.toString(), sha256(spec.data));
        return spec.cycles == null ? rows(spec, table, inputScaling, files) : cycles(spec, table, inputScaling, files);
    }

    // ---- rows layout -------------------------------------------------------------------------------------

    private static SensorDataset rows(DataSpec spec, Table t, Scaling fixed, Map<String, String> files) {
        if (spec.blockSize > 0) {
            throw new DataException("blocks:K splits are for the cycles layout; a time series is split chronologically");
        }
        if (spec.window < 1) {
            throw new DataException("window length must be at least 1, got " + spec.window);
        }
        if (spec.rows != null) {
            String[] ft = spec.rows.split("-");
            try {
                t = t.slice(Integer.parseInt(ft[0].trim()) - 1, Integer.parseInt(ft[1].trim()));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new DataException("--rows takes FROM-TO (1-based data rows), got '" + spec.rows + "'");
            }
        }
        t = t.withLags(spec.inputs);
        int[] tg = indices(t, spec.targets);
        int[] in;
        if (spec.inputs.isEmpty()) {
            List<Integer> rest = new ArrayList<>();
            for (int c = 0; c < t.columnCount(); c++) {
                final int cc = c;
                if (java.util.Arrays.stream(tg).noneMatch(x -> x == cc)) {
                    rest.add(c);
                }
            }
            in = rest.stream().mapToInt(Integer::intValue).toArray();
        } else {
            in = indices(t, spec.inputs);
        }
        for (int c : in) {
            for (int g : tg) {
                if (c == g) { // a delayed copy (name@k, k >= 1) is allowed: the value was measured in the past
                    throw new DataException(t.source() + ": column '" + t.names().get(c) + "' is both an input and a"
                            + " target");
                }
            }
        }
        t = filter(t, spec.where);
        int n = t.rows();
        int l = spec.window;
        if (n < l) {
            throw new DataException(t.source() + ": " + n + " data rows, fewer than one window of " + l + " rows");
        }
        int a = (int) Math.floor(n * spec.trainFraction);
        int b = a + (int) Math.floor(n * spec.valFraction);
        int[][] parts = {{0, a}, {a, b}, {b, n}};
        String[] partNames = {"training", "validation", "test"};
        for (int p = 0; p < 3; p++) {
            int len = parts[p][1] - parts[p][0];
            if (len < l && !(p == 1 && spec.valFraction == 0)) {
                throw new DataException(t.source() + ": the " + partNames[p] + " part has " + len + " rows (of " + n
                        + "), fewer than one window of " + l + " rows: use more data or a shorter window");
            }
        }
        List<String> inNames = names(t, in);
        List<String> tgNames = names(t, tg);
        String trainRows = "the training part (lines " + t.line(0) + ".." + t.line(a - 1) + " of " + t.source() + ")";
        Scaling xs = fixed != null ? checkFixed(fixed, in.length) : Scaling.fit(select(t, in, 0, a), inNames, trainRows);
        Scaling ys = null;
        List<String> labels = null;
        double[] labelValues = null;
        if (spec.task == Task.REGRESSION) {
            ys = Scaling.fit(select(t, tg, 0, a), tgNames, trainRows);
        } else {
            labelValues = labelValues(t.column(tg[0]), 0, a);
            labels = labelNames(labelValues);
        }
        Windows[] w = new Windows[3];
        for (int p = 0; p < 3; p++) {
            w[p] = rowWindows(t, in, tg, parts[p][0], parts[p][1], l, spec.stride, xs, ys, labelValues, partNames[p]);
        }
        return new SensorDataset(spec, w[0], w[1], w[2], xs, ys, inNames, tgNames, labels, files);
    }

    private static Windows rowWindows(Table t, int[] in, int[] tg, int from, int to, int l, int stride, Scaling xs,
            Scaling ys, double[] labelValues, String part) {
        int count = to - from < l ? 0 : (to - from - l) / stride + 1;
        int f = in.length;
        float[] x = new float[count * l * f];
        float[] y = ys == null ? null : new float[count * tg.length];
        int[] lab = ys == null ? new int[count] : null;
        int[] origin = new int[count];
        for (int k = 0; k < count; k++) {
            int end = from + k * stride + l - 1;
            origin[k] = end;
            for (int s = 0; s < l; s++) {
                int r = end - l + 1 + s;
                for (int c = 0; c < f; c++) {
                    x[(k * l + s) * f + c] = xs.apply(t.value(r, in[c]), c);
                }
            }
            if (ys != null) {
                for (int j = 0; j < tg.length; j++) {
                    y[k * tg.length + j] = ys.apply(t.value(end, tg[j]), j);
                }
            } else {
                lab[k] = labelIndex(labelValues, t.value(end, tg[0]), t.source() + " line " + t.line(end), part);
            }
        }
        return new Windows(count, l, f, ys == null ? 1 : tg.length, x, y, lab, origin);
    }

    // ---- cycles layout -----------------------------------------------------------------------------------

    private static SensorDataset cycles(DataSpec spec, Table targets, Scaling fixed, Map<String, String> files) {
        if (spec.cycles.isEmpty()) {
            throw new DataException("the cycles layout needs at least one sensor matrix file");
        }
        List<Table> sensors = new ArrayList<>();
        List<String> inNames = new ArrayList<>();
        int length = -1;
        for (Path p : spec.cycles) {
            Table s = TableReader.read(p, TableReader.Header.NO, null);
            files.put(p.toString(), sha256(p));
            if (s.rows() != targets.rows()) {
                throw new DataException(p + ": " + s.rows() + " cycles (rows), but " + spec.data + " has " + targets.rows()
                        + " rows of targets");
            }
            if (length >= 0 && s.columnCount() != length) {
                throw new DataException(p + ": " + s.columnCount() + " time steps per cycle, " + spec.cycles.get(0)
                        + " has " + length);
            }
            length = s.columnCount();
            sensors.add(s);
            String name = p.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            if (inNames.contains(name)) {
                throw new DataException(p + ": two sensor files are named '" + name + "'");
            }
            inNames.add(name);
        }
        if (spec.window > 1 && spec.window != length) {
            throw new DataException("in the cycles layout a window is one whole cycle (" + length + " time steps);"
                    + " --window " + spec.window + " does not match");
        }
        int[] tg = indices(targets, spec.targets);
        List<String> tgNames = names(targets, tg);
        List<Integer> kept = new ArrayList<>();
        int whereCol = -1;
        double whereVal = 0;
        if (spec.where != null) {
            int eq = spec.where.indexOf('=');
            if (eq <= 0) {
                throw new DataException("--where takes column=value, got '" + spec.where + "'");
            }
            whereCol = targets.columnIndex(spec.where.substring(0, eq));
            whereVal = parseValue(spec.where.substring(eq + 1));
        }
        for (int r = 0; r < targets.rows(); r++) {
            if (whereCol < 0 || targets.value(r, whereCol) == whereVal) {
                kept.add(r);
            }
        }
        int n = kept.size();
        List<List<Integer>> parts = splitSamples(kept, spec);
        String[] partNames = {"training", "validation", "test"};
        for (int p = 0; p < 3; p++) {
            if (parts.get(p).isEmpty() && !(p == 1 && spec.valFraction == 0)) {
                throw new DataException(spec.data + ": the " + partNames[p] + " part is empty (" + n + " cycles"
                        + (spec.where != null ? " where " + spec.where : "") + ")");
            }
        }
        List<Integer> trainRows = parts.get(0);
        int f = sensors.size();
        Scaling xs;
        if (fixed != null) {
            xs = checkFixed(fixed, f);
        } else {
            double[][] vals = new double[f][trainRows.size() * length];
            for (int c = 0; c < f; c++) {
                int k = 0;
                for (int r : trainRows) {
                    for (int s = 0; s < length; s++) {
                        vals[c][k++] = sensors.get(c).value(r, s);
                    }
                }
            }
            xs = Scaling.fit(vals, inNames, "the training cycles");
        }
        Scaling ys = null;
        double[] labelValues = null;
        List<String> labels = null;
        if (spec.task == Task.REGRESSION) {
            double[][] vals = new double[tg.length][trainRows.size()];
            for (int j = 0; j < tg.length; j++) {
                for (int k = 0; k < trainRows.size(); k++) {
                    vals[j][k] = targets.value(trainRows.get(k), tg[j]);
                }
            }
            ys = Scaling.fit(vals, tgNames, "the training cycles");
        } else {
            double[] v = new double[trainRows.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = targets.value(trainRows.get(k), tg[0]);
            }
            labelValues = labelValues(v, 0, v.length);
            labels = labelNames(labelValues);
        }
        Windows[] w = new Windows[3];
        for (int p = 0; p < 3; p++) {
            List<Integer> rows = parts.get(p);
            int count = rows.size();
            float[] x = new float[count * length * f];
            float[] y = ys == null ? null : new float[count * tg.length];
            int[] lab = ys == null ? new int[count] : null;
            int[] origin = new int[count];
            for (int k = 0; k < count; k++) {
                int r = rows.get(k);
                origin[k] = r;
                for (int s = 0; s < length; s++) {
                    for (int c = 0; c < f; c++) {
                        x[(k * length + s) * f + c] = xs.apply(sensors.get(c).value(r, s), c);
                    }
                }
                if (ys != null) {
                    for (int j = 0; j < tg.length; j++) {
                        y[k * tg.length + j] = ys.apply(targets.value(r, tg[j]), j);
                    }
                } else {
                    lab[k] = labelIndex(labelValues, targets.value(r, tg[0]), spec.data + " line " + targets.line(r),
                            partNames[p]);
                }
            }
            w[p] = new Windows(count, length, f, ys == null ? 1 : tg.length, x, y, lab, origin);
        }
        return new SensorDataset(spec, w[0], w[1], w[2], xs, ys, inNames, tgNames, labels, files);
    }

    private static List<List<Integer>> splitSamples(List<Integer> kept, DataSpec spec) {
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int n = kept.size();
        if (spec.blockSize <= 0) {
            int a = (int) Math.floor(n * spec.trainFraction);
            int b = a + (int) Math.floor(n * spec.valFraction);
            for (int k = 0; k < n; k++) {
                parts.get(k < a ? 0 : k < b ? 1 : 2).add(kept.get(k));
            }
            return parts;
        }
        // Deal blocks so that every part gets its fraction of the blocks, spread over the whole run.
        int blocks = (n + spec.blockSize - 1) / spec.blockSize;
        double tv = spec.trainFraction + spec.valFraction;
        for (int bi = 0; bi < blocks; bi++) {
            // The position of this block inside a repeating period of 20 blocks decides its part.
            double u = ((bi * 7) % 20 + 0.5) / 20.0;
            int part = u < spec.trainFraction ? 0 : u < tv ? 1 : 2;
            for (int k = bi * spec.blockSize; k < Math.min(n, (bi + 1) * spec.blockSize); k++) {
                parts.get(part).add(kept.get(k));
            }
        }
        return parts;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Table filter(Table t, String where) {
        if (where == null) {
            return t;
        }
        int eq = where.indexOf('=');
        if (eq <= 0) {
            throw new DataException("--where takes column=value, got '" + where + "'");
        }
        return t.where(t.columnIndex(where.substring(0, eq)), parseValue(where.substring(eq + 1)));
    }

    private static double parseValue(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new DataException("--where value '" + s + "' is not a number");
        }
    }

    private static Scaling checkFixed(Scaling s, int f) {
        if (s.size() != f) {
            throw new DataException("the given input scaling has " + s.size() + " columns, the data " + f);
        }
        return s;
    }

    private static int[] indices(Table t, List<String> selectors) {
        int[] idx = new int[selectors.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = t.columnIndex(selectors.get(i));
            for (int j = 0; j < i; j++) {
                if (idx[j] == idx[i]) {
                    throw new DataException(t.source() + ": column '" + t.names().get(idx[i]) + "' is selected twice");
                }
            }
        }
        return idx;
    }

    private static List<String> names(Table t, int[] idx) {
        List<String> n = new ArrayList<>();
        for (int i : idx) {
            n.add(t.names().get(i));
        }
        return n;
    }

    private static double[][] select(Table t, int[] cols, int from, int to) {
        double[][] v = new double[cols.length][];
        for (int c = 0; c < cols.length; c++) {
            v[c] = java.util.Arrays.copyOfRange(t.column(cols[c]), from, to);
        }
        return v;
    }

    private static double[] labelValues(double[] column, int from, int to) {
        TreeSet<Double> s = new TreeSet<>();
        for (int r = from; r < to; r++) {
            s.add(column[r]);
        }
        if (s.size() < 2) {
            throw new DataException("classification needs at least two classes in the training part, found " + s);
        }
        if (s.size() > 1000) {
            throw new DataException("the target has " + s.size() + " distinct values in the training part: is this"
                    + " a regression target?");
        }
        return s.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<String> labelNames(double[] values) {
        List<String> l = new ArrayList<>();
        for (double v : values) {
            l.add(Table.fmt(v));
        }
        return l;
    }

    private static int labelIndex(double[] values, double v, String where, String part) {
        int k = java.util.Arrays.binarySearch(values, v);
        if (k < 0) {
            throw new DataException(where + ": class " + Table.fmt(v) + " of the " + part + " part never occurs in"
                    + " the training part (classes " + labelNames(values) + ")");
        }
        return k;
    }

    static String sha256(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataException(p + ": can not read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
