package dev.edgetl.softsensor.models;

import java.util.Locale;

/** The soft-sensor model families (all take one scaled window {@code [L, F]}). */
public enum Architecture {
    MLP, CNN1D, LSTM;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Architecture parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "mlp" -> MLP;
            case "cnn1d", "cnn" -> CNN1D;
            case "lstm" -> LSTM;
            default -> throw new IllegalArgumentException("unknown model '" + s + "': mlp, cnn1d or lstm");
        };
    }
}
