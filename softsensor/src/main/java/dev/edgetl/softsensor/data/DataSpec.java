package dev.edgetl.softsensor.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the samples come from and how they become windows.
 *
 * <p>Two layouts: <b>rows</b> (one table, row = time step; a window is {@code window} consecutive rows of the
 * input columns, its target is the target at the window's last row) and <b>cycles</b> (one matrix file per
 * sensor, row = one sample such as a 60 s load cycle, column = time within it; {@code data} then holds the
 * per-cycle targets, and a window is one whole cycle: {@code [seconds, sensors]}).
 *
 * <p>Splits: {@code chronological} (default; first {@code trainFraction} of the time steps for training, the next
 * {@code valFraction} for validation, the rest for test; windows never cross a part boundary) or, for the
 * cycles layout, {@code blocks:K} (runs of K consecutive cycles dealt to train/val/test in turn by the
 * fractions; for rigs that step through conditions in long runs, where a chronological cut would leave whole
 * conditions out of training).
 */
public final class DataSpec {
    public Path data;
    public TableReader.Header header = TableReader.Header.AUTO;
    public List<String> columnNames;
    /** Sensor matrices for the cycles layout (null = rows layout). */
    public List<Path> cycles;
    /** Input columns by name or 1-based index; {@code name@k} = that column k rows ago (rows layout). */
    public List<String> inputs = new ArrayList<>();
    public List<String> targets = new ArrayList<>();
    public Task task = Task.REGRESSION;
    public int window = 1;
    public int stride = 1;
    /** Keep only the rows (cycles) where a column has a value: "column=value", or null. */
    public String where;
    /** A period of the record: data rows "FROM-TO" (1-based, inclusive), or null for all rows. */
    public String rows;
    public double trainFraction = 0.6;
    public double valFraction = 0.2;
    /** 0 = chronological; K > 0 = blocks of K cycles. */
    public int blockSize;

    public String splitDescription() {
        String f = String.format(java.util.Locale.ROOT, "train %.0f%% / validation %.0f%% / test %.0f%%",
                trainFraction * 100, valFraction * 100, (1 - trainFraction - valFraction) * 100);
        return blockSize > 0 ? "blocks of " + blockSize + " consecutive cycles dealt in turn: " + f
                : "chronological (" + f + " of the time steps, in file order; windows never cross a boundary)";
    }

    public DataSpec copyWithTask(Task t) {
        DataSpec s = copy();
        s.task = t;
        return s;
    }

    public DataSpec copy() {
        DataSpec s = new DataSpec();
        s.data = data;
        s.header = header;
        s.columnNames = columnNames == null ? null : new ArrayList<>(columnNames);
        s.cycles = cycles == null ? null : new ArrayList<>(cycles);
        s.inputs = new ArrayList<>(inputs);
        s.targets = new ArrayList<>(targets);
        s.task = task;
        s.window = window;
        s.stride = stride;
        s.where = where;
        s.rows = rows;
        s.trainFraction = trainFraction;
        s.valFraction = valFraction;
        s.blockSize = blockSize;
        return s;
    }
}
