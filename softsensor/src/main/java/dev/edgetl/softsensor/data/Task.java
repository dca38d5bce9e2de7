package dev.edgetl.softsensor.data;

public enum Task {
    REGRESSION, CLASSIFICATION;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Task parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "regression" -> REGRESSION;
            case "classification" -> CLASSIFICATION;
            default -> throw new IllegalArgumentException("unknown task '" + s + "': regression or classification");
        };
    }
}
