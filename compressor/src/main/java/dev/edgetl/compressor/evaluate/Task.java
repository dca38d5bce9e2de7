package dev.edgetl.compressor.evaluate;

/** What a model's output 0 means, which decides how variants are compared. */
public enum Task {
    /** Scores or probabilities: top-1 accuracy and top-1 agreement with the float model. */
    CLASSIFICATION,
    /** Values: R^2 and RMSE against targets and against the float model's outputs. */
    REGRESSION
}
