package dev.edgetl.trainer.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Accuracy, per-class precision/recall, confusion matrix (rows = true class, columns = predicted) and the misclassified files. */
public final class Evaluation {
    /** One misclassified validation image. */
    public static final class Miss {
        public final String file;
        public final String trueClass;
        public final String predicted;
        public final double confidence;

        Miss(String file, String trueClass, String predicted, double confidence) {
            this.file = file;
            this.trueClass = trueClass;
            this.predicted = predicted;
            this.confidence = confidence;
        }
    }

    public final List<String> classes;
    public final int[][] confusion;
    public final double accuracy;
    public final double[] precision;
    public final double[] recall;
    public final int[] support;
    public final List<Miss> misclassified = new ArrayList<>();

    public Evaluation(List<String> classes, int[] labels, int[] predicted, float[][] probabilities, List<Path> files) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        this.classes = new ArrayList<>(classes);
        int c = classes.size();
        confusion = new int[c][c];
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][predicted[i]]++;
            if (labels[i] == predicted[i]) {
                correct++;
            } else if (files != null) {
                double conf = probabilities == null ? Double.NaN : probabilities[i][predicted[i]];
                misclassified.add(new Miss(files.get(i).toString(), classes.get(labels[i]), classes.get(predicted[i]), conf));
            }
        }
        accuracy = labels.length == 0 ? 0 : (double) correct / labels.length;
        precision = new double[c];
        recall = new double[c];
        support = new int[c];
        for (int k = 0; k < c; k++) {
            int tp = confusion[k][k];
            int predictedK = 0;
            int actualK = 0;
            for (int j = 0; j < c; j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
            }
            precision[k] = predictedK == 0 ? 0 : (double) tp / predictedK;
            recall[k] = actualK == 0 ? 0 : (double) tp / actualK;
            support[k] = actualK;
        }
    }
}
