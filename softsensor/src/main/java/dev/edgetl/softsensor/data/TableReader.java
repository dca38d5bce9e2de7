package dev.edgetl.softsensor.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads comma- or whitespace-separated numeric tables (CSV, tab-separated matrices, fixed-width text such as
 * {@code 2.6890035e-001}). The separator is decided from the data lines (a title line like
 * {@code SRU Scaled data (u1,u2,...)} may contain commas). A first line that does not parse as numbers is the
 * header; it must name every column, or {@code columnNames} must be given. Every cell must be a finite number:
 * the error names the file, line and column.
 */
public final class TableReader {
    public enum Header { AUTO, YES, NO }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern COMMA = Pattern.compile("\\s*[,;]\\s*");

    private TableReader() {}

    public static Table read(Path file) {
        return read(file, Header.AUTO, null);
    }

    /** @param columnNames names for the columns (overrides a header; required when the header does not fit), or null */
    public static Table read(Path file, Header header, List<String> columnNames) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1); // numbers are ASCII; headers may be Latin-1
        } catch (IOException e) {
            throw new DataException(file + ": can not read: " + e.getMessage());
        }
        return parse(file.toString(), lines, header, columnNames);
    }

    static Table parse(String source, List<String> lines, Header header, List<String> columnNames) {
        List<Integer> content = new ArrayList<>(); // indices of non-empty lines
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().isEmpty()) {
                content.add(i);
            }
        }
        if (content.isEmpty()) {
            throw new DataException(source + ": the file is empty");
        }
        String probe = lines.get(content.get(content.size() > 1 ? 1 : 0));
        Pattern sep = probe.contains(",") || probe.contains(";") ? COMMA : WHITESPACE;
        String[] first = split(sep, lines.get(content.get(0)));
        boolean hasHeader = switch (header) {
            case YES -> true;
            case NO -> false;
            case AUTO -> !allNumbers(first);
        };
        int start = hasHeader ? 1 : 0;
        if (content.size() <= start) {
            throw new DataException(source + ": no data rows after the header");
        }
        int ncols = split(sep, lines.get(content.get(start))).length;
        List<String> names;
        if (columnNames != null && !columnNames.isEmpty()) {
            if (columnNames.size() != ncols) {
                throw new DataException(source + ": " + columnNames.size() + " column names given for " + ncols
                        + " columns");
            }
            names = new ArrayList<>(columnNames);
        } else if (hasHeader) {
            if (first.length != ncols) {
                throw new DataException(source + ": line " + (content.get(0) + 1) + " is not a header for the "
                        + ncols + " data columns (" + first.length + " words): give the column names explicitly"
                        + " (--columns) or treat it as a title (--header yes with --columns)");
            }
            names = Arrays.asList(first);
            if (names.stream().distinct().count() != names.size()) {
                throw new DataException(source + ": the header repeats a column name: " + String.join(", ", names));
            }
        } else {
            names = new ArrayList<>();
            for (int c = 1; c <= ncols; c++) {
                names.add("col" + c);
            }
        }
        int n = content.size() - start;
        double[][] cols = new double[ncols][n];
        int[] lineNo = new int[n];
        for (int r = 0; r < n; r++) {
            int li = content.get(start + r);
            String[] cells = split(sep, lines.get(li));
            if (cells.length != ncols) {
                throw new DataException(source + ": line " + (li + 1) + " has " + cells.length + " cells, expected "
                        + ncols + " (" + String.join(", ", names) + ")");
            }
            lineNo[r] = li + 1;
            for (int c = 0; c < ncols; c++) {
                cols[c][r] = parseCell(source, li + 1, names.get(c), c, cells[c]);
            }
        }
        return new Table(source, names, cols, lineNo);
    }

    private static double parseCell(String source, int line, String name, int c, String cell) {
        String where = source + ": line " + line + ", column " + (c + 1) + " ('" + name + "')";
        if (cell.isEmpty()) {
            throw new DataException(where + ": missing value");
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(where + ": '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(where + ": " + cell + " is not a finite number (NaN/Inf are refused)");
        }
        return v;
    }

    private static String[] split(Pattern sep, String line) {
        String t = line.trim();
        if (sep == COMMA) {
            return sep.split(t, -1); // keep empty trailing cells: "1,2," is a missing value
        }
        return sep.split(t);
    }

    private static boolean allNumbers(String[] cells) {
        for (String c : cells) {
            try {
                Double.parseDouble(c);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
