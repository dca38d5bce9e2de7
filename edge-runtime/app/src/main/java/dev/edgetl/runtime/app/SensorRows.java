package dev.edgetl.runtime.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads sensor rows from a text stream for {@code edgetl stream}: CSV (comma or semicolon) or whitespace-separated
 * columns, with or without a header line, numbers in any Java/C form ({@code 2.6890035e-001}). Blank lines and
 * lines starting with {@code #} are skipped.
 *
 * <p>The separator and the header are decided on the first non-blank line: it is a header when any of its cells
 * is not a number. With a header (or {@code --columns} naming the columns of a headerless input) the card's
 * inputs are picked by name, so extra and reordered columns are fine; without names a row must have exactly the
 * card's inputs, in card order. A short row, an empty or non-numeric cell is an error naming the line and the
 * column; no value is guessed.
 */
final class SensorRows {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final BufferedReader in;
    private final List<String> wanted;
    private final List<String> givenNames;
    private List<String> headerNames;
    private Pattern separator;
    private int[] pick;
    private int width;
    private int lineNo;
    private String[] pendingCells;
    private int pendingLine;

    /** One data row: its 1-based line number and the card inputs' values in card order. */
    static final class Row {
        final int line;
        final double[] values;

        Row(int line, double[] values) {
            this.line = line;
            this.values = values;
        }
    }

    SensorRows(BufferedReader in, List<String> cardInputs, List<String> columnNames) {
        this.in = in;
        this.wanted = cardInputs;
        this.givenNames = columnNames;
    }

    /** The next data row, or null at the end of the input. */
    Row next() throws IOException {
        if (pick == null && !start()) {
            return null;
        }
        String[] cells;
        int line;
        if (pendingCells != null) {
            cells = pendingCells;
            line = pendingLine;
            pendingCells = null;
        } else {
            String text = nextLine();
            if (text == null) {
                return null;
            }
            cells = split(text);
            line = lineNo;
        }
        if (cells.length < width) {
            throw new IllegalArgumentException("line " + line + " has " + cells.length + " columns, expected " + width
                    + (cells.length > 0 ? " (column " + (cells.length + 1) + (names() != null ? " '"
                    + names().get(cells.length) + "'" : "") + " is missing)" : ""));
        }
        if (cells.length > width && names() != null) {
            throw new IllegalArgumentException("line " + line + " has " + cells.length + " columns, but the "
                    + (givenNames != null ? "--columns list" : "header") + " names " + width);
        }
        double[] values = new double[wanted.size()];
        for (int k = 0; k < values.length; k++) {
            String cell = cells[pick[k]];
            String col = "column " + (pick[k] + 1) + " '" + wanted.get(k) + "'";
            if (cell.isEmpty()) {
                throw new IllegalArgumentException("line " + line + ", " + col + ": empty cell (missing reading)");
            }
            try {
                values[k] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + line + ", " + col + ": '" + cell + "' is not a number");
            }
        }
        return new Row(line, values);
    }

    private List<String> names() {
        return givenNames != null ? givenNames : headerNames;
    }

    /** Reads the first line: separator, header or data, and which columns hold the card's inputs. */
    private boolean start() throws IOException {
        String first = nextLine();
        if (first == null) {
            return false;
        }
        separator = first.indexOf(',') >= 0 ? Pattern.compile(",") : first.indexOf(';') >= 0 ? Pattern.compile(";")
                : WHITESPACE;
        String[] cells = split(first);
        boolean header = false;
        for (String c : cells) {
            if (!isNumber(c)) {
                header = true;
                break;
            }
        }
        if (header && givenNames != null) {
            throw new IllegalArgumentException("line " + lineNo + " is a header, but --columns names the columns too; "
                    + "give one of them");
        }
        if (header) {
            headerNames = Arrays.asList(cells);
        } else {
            pendingCells = cells;
            pendingLine = lineNo;
        }
        List<String> names = names();
        pick = new int[wanted.size()];
        if (names == null) {
            if (cells.length != wanted.size()) {
                throw new IllegalArgumentException("line " + lineNo + " has " + cells.length + " columns and no header; "
                        + "the model takes " + wanted.size() + " inputs " + wanted + " in this order (add a header line "
                        + "or --columns to pick them by name)");
            }
            for (int k = 0; k < pick.length; k++) {
                pick[k] = k;
            }
            width = cells.length;
            return true;
        }
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < pick.length; k++) {
            pick[k] = names.indexOf(wanted.get(k));
            if (pick[k] < 0) {
                missing.add(wanted.get(k));
            }
            if (pick[k] >= 0 && names.lastIndexOf(wanted.get(k)) != pick[k]) {
                throw new IllegalArgumentException((header ? "the header (line " + lineNo + ")" : "--columns")
                        + " names column '" + wanted.get(k) + "' twice");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException((header ? "the header (line " + lineNo + ")" : "--columns")
                    + " lacks the model's inputs " + missing + "; it has " + names);
        }
        width = names.size();
        return true;
    }

    private String nextLine() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return t;
            }
        }
        return null;
    }

    private String[] split(String line) {
        String[] cells = separator.split(line, -1);
        for (int k = 0; k < cells.length; k++) {
            cells[k] = unquote(cells[k].trim());
        }
        return cells;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
