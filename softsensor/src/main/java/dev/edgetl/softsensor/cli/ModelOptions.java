package dev.edgetl.softsensor.cli;

import dev.edgetl.softsensor.models.Architecture;
import dev.edgetl.softsensor.models.ModelSpec;
import dev.edgetl.softsensor.train.TrainOptions;
import picocli.CommandLine.Option;

/** Network and optimiser options shared by {@code sensor train} and {@code sensor transfer}. */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = "mlp", description = "mlp | cnn1d | lstm (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--hidden", defaultValue = "32", description = "hidden units / filters / LSTM cells (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--kernel", defaultValue = "3", description = "cnn1d kernel length in time steps (default: ${DEFAULT-VALUE})")
    int kernel;

    @Option(names = "--epochs", defaultValue = "200", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--patience", defaultValue = "25",
            description = "stop after this many epochs without a better validation loss, 0 = never (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--batch-size", defaultValue = "64") int batchSize;
    @Option(names = "--lr", defaultValue = "0.001") float lr;
    @Option(names = "--weight-decay", defaultValue = "0.0001") float weightDecay;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--no-progress", description = "no progress bar") boolean noProgress;

    ModelSpec modelSpec() {
        if (hidden < 1 || kernel < 1) {
            throw new IllegalArgumentException("--hidden and --kernel must be positive");
        }
        return new ModelSpec(Architecture.parse(model), hidden, kernel);
    }

    TrainOptions trainOptions() {
        if (epochs < 1 || batchSize < 1 || !(lr > 0) || patience < 0) {
            throw new IllegalArgumentException("--epochs, --batch-size and --lr must be positive, --patience >= 0");
        }
        TrainOptions o = new TrainOptions();
        o.maxEpochs = epochs;
        o.patience = patience;
        o.batchSize = batchSize;
        o.learningRate = lr;
        o.weightDecay = weightDecay;
        o.seed = seed;
        o.progress = !noProgress;
        return o;
    }
}
