package dev.edgetl.softsensor.cli;

import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.data.Task;
import dev.edgetl.softsensor.data.TableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code sensor train} and {@code sensor transfer}: how a file becomes windows. */
public final class DataOptions {
    @Option(names = "--inputs", split = ",", paramLabel = "COL",
            description = "input columns by name or 1-based index; NAME@K = that column K rows ago (e.g. a late"
                    + " analyser value y@4); default: every column that is not a target")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--window", defaultValue = "1", description = "window length in rows (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--stride", defaultValue = "1", description = "rows between consecutive windows (default: ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--task", defaultValue = "regression", description = "regression | classification")
    String task;

    @Option(names = "--header", defaultValue = "auto", description = "auto | yes | no (auto: a first line that is not"
            + " all numbers is the header)")
    String header;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "column names (for files without a"
            + " usable header)")
    List<String> columns;

    @Option(names = "--cycles", split = ",", paramLabel = "FILE",
            description = "cycles layout: one matrix per sensor (row = cycle, column = time step); the data file then"
                    + " holds one row of targets per cycle, and a window is one whole cycle")
    List<Path> cycles;

    @Option(names = "--split", defaultValue = "chronological",
            description = "chronological | blocks:K (cycles layout: runs of K cycles dealt to train/val/test)")
    String split;

    @Option(names = "--train-fraction", defaultValue = "0.6") double trainFraction;
    @Option(names = "--val-fraction", defaultValue = "0.2") double valFraction;

    DataSpec spec(Path data, List<String> targets, String where, String rows) {
        DataSpec s = new DataSpec();
        s.data = data;
        s.inputs = new ArrayList<>(inputs);
        s.targets = new ArrayList<>(targets);
        s.window = window;
        s.stride = stride;
        s.task = Task.parse(task);
        s.header = switch (header.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> TableReader.Header.AUTO;
            case "yes" -> TableReader.Header.YES;
            case "no" -> TableReader.Header.NO;
            default -> throw new IllegalArgumentException("--header takes auto, yes or no, got '" + header + "'");
        };
        s.columnNames = columns;
        s.cycles = cycles;
        if (split.equals("chronological")) {
            s.blockSize = 0;
        } else if (split.startsWith("blocks:")) {
            try {
                s.blockSize = Integer.parseInt(split.substring(7));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--split blocks:K needs a whole number K, got '" + split + "'");
            }
            if (s.blockSize < 1) {
                throw new IllegalArgumentException("--split blocks:K needs K >= 1");
            }
        } else {
            throw new IllegalArgumentException("--split takes chronological or blocks:K, got '" + split + "'");
        }
        s.trainFraction = trainFraction;
        s.valFraction = valFraction;
        s.where = where;
        s.rows = rows;
        return s;
    }
}
