package dev.edgetl.softsensor.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A numeric table in file order (row = sample time, column = sensor). Columns are named from the header, or
 * {@code col1..colN} without one, so that a 1-based index and its default name always agree.
 */
public final class Table {
    private final String source;
    private final List<String> names;
    private final double[][] columns; // [column][row]
    private final int[] lines; // file line (1-based) of each row, for error messages

    public Table(String source, List<String> names, double[][] columns, int[] lines) {
        this.source = source;
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        this.columns = columns;
        this.lines = lines;
    }

    public String source() {
        return source;
    }

    public List<String> names() {
        return names;
    }

    public int rows() {
        return lines.length;
    }

    public int columnCount() {
        return names.size();
    }

    public double value(int row, int column) {
        return columns[column][row];
    }

    public double[] column(int column) {
        return columns[column];
    }

    public int line(int row) {
        return lines[row];
    }

    /** A column by name, or by 1-based index when no column has that name ("3" = the third column). */
    public int columnIndex(String selector) {
        String s = selector.trim();
        int byName = names.indexOf(s);
        if (byName >= 0) {
            return byName;
        }
        if (s.matches("\\d+")) {
            int k = Integer.parseInt(s);
            if (k >= 1 && k <= names.size()) {
                return k - 1;
            }
            throw new DataException(source + ": column index " + k + " is out of range 1.." + names.size());
        }
        throw new DataException(source + ": no column named '" + s + "' (columns: " + String.join(", ", names)
                + "; or give a 1-based index)");
    }

    /** The rows whose {@code column} equals {@code value}, in order (a condition subset of a rig or plant). */
    public Table where(int column, double value) {
        List<Integer> keep = new ArrayList<>();
        for (int r = 0; r < rows(); r++) {
            if (columns[column][r] == value) {
                keep.add(r);
            }
        }
        double[][] cols = new double[columns.length][keep.size()];
        int[] ln = new int[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            int r = keep.get(k);
            ln[k] = lines[r];
            for (int c = 0; c < columns.length; c++) {
                cols[c][k] = columns[c][r];
            }
        }
        return new Table(source + " [" + names.get(column) + "=" + fmt(value) + "]", names, cols, ln);
    }

    /**
     * Adds a column for every selector {@code name@k} (the column delayed by k rows: the value k samples ago, e.g. a
     * laboratory or analyser reading that arrives late) and drops the first max(k) rows, which have no such value.
     * Returns this table when no selector has a lag.
     */
    public Table withLags(List<String> selectors) {
        List<String> lagged = new ArrayList<>();
        int maxLag = 0;
        for (String s : selectors) {
            int at = s.lastIndexOf('@');
            if (at > 0 && !names.contains(s)) {
                int k;
                try {
                    k = Integer.parseInt(s.substring(at + 1).trim());
                } catch (NumberFormatException e) {
                    throw new DataException(source + ": '" + s + "': the lag after @ must be a whole number of rows");
                }
                if (k < 0) {
                    throw new DataException(source + ": '" + s + "': the lag must not be negative (no future values)");
                }
                columnIndex(s.substring(0, at));
                lagged.add(s);
                maxLag = Math.max(maxLag, k);
            }
        }
        if (lagged.isEmpty()) {
            return this;
        }
        int n = rows() - maxLag;
        if (n <= 0) {
            throw new DataException(source + ": " + rows() + " rows, not more than the largest lag " + maxLag);
        }
        List<String> nn = new ArrayList<>(names);
        double[][] cols = new double[names.size() + lagged.size()][];
        for (int c = 0; c < names.size(); c++) {
            cols[c] = java.util.Arrays.copyOfRange(columns[c], maxLag, rows());
        }
        for (int j = 0; j < lagged.size(); j++) {
            String s = lagged.get(j);
            int at = s.lastIndexOf('@');
            int base = columnIndex(s.substring(0, at));
            int k = Integer.parseInt(s.substring(at + 1).trim());
            cols[names.size() + j] = java.util.Arrays.copyOfRange(columns[base], maxLag - k, rows() - k);
            nn.add(s);
        }
        return new Table(source, nn, cols, java.util.Arrays.copyOfRange(lines, maxLag, rows()));
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), 0-based: a period of a longer record. */
    public Table slice(int from, int to) {
        if (from < 0 || to > rows() || from >= to) {
            throw new DataException(source + ": rows " + (from + 1) + "-" + to + " are not inside the " + rows()
                    + " data rows");
        }
        double[][] cols = new double[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            cols[c] = java.util.Arrays.copyOfRange(columns[c], from, to);
        }
        return new Table(source + " [rows " + (from + 1) + "-" + to + "]", names, cols,
                java.util.Arrays.copyOfRange(lines, from, to));
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
