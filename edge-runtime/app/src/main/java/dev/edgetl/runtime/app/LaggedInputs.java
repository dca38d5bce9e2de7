package dev.edgetl.runtime.app;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card inputs named {@code NAME@K} (the trainer's syntax: column NAME as it was K rows earlier, e.g. a lab analyser
 * value that arrives late) read column NAME of the stream and delay it by K rows. Until K earlier rows exist there
 * is no value to give, so {@link #push} returns null and no estimate is made: nothing is guessed.
 */
final class LaggedInputs {
    private static final Pattern LAGGED = Pattern.compile("(.+)@(\\d+)");

    /** The stream columns to read (each once), in the order of their first use by the card. */
    final List<String> columns = new ArrayList<>();
    private final int[] column;
    private final int[] lag;
    private final double[][] history;
    private long rows;

    LaggedInputs(List<String> inputs) {
        column = new int[inputs.size()];
        lag = new int[inputs.size()];
        int maxLag = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.get(i);
            Matcher m = LAGGED.matcher(name);
            if (m.matches()) {
                name = m.group(1);
                lag[i] = Integer.parseInt(m.group(2));
                maxLag = Math.max(maxLag, lag[i]);
            }
            int c = columns.indexOf(name);
            if (c < 0) {
                c = columns.size();
                columns.add(name);
            }
            column[i] = c;
        }
        history = new double[maxLag + 1][];
    }

    int maxLag() {
        return history.length - 1;
    }

    /** Takes one stream row (values of {@link #columns}); returns the model's input sample, or null while lags fill. */
    double[] push(double[] row) {
        history[(int) (rows % history.length)] = row.clone();
        rows++;
        if (rows < history.length) {
            return null;
        }
        double[] sample = new double[column.length];
        for (int i = 0; i < column.length; i++) {
            sample[i] = history[(int) ((rows - 1 - lag[i]) % history.length)][column[i]];
        }
        return sample;
    }
}
