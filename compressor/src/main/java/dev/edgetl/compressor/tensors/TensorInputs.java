package dev.edgetl.compressor.tensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgetl.compressor.CompressionException;
import dev.edgetl.compressor.evaluate.EvalSet;
import dev.edgetl.compressor.evaluate.Task;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Calibration and evaluation inputs of a model whose input is not an image (a soft sensor's windows): float32
 * {@code .npy} files of shape [N, ...input shape] (already scaled, as the model takes them), optional targets
 * [N, T] (regression) or [N] (class indices). See docs/softsensor-contract.md.
 */
public record TensorInputs(List<float[]> calibration, EvalSet eval, Task task, String description) {
    /** The soft-sensor card embedded in the model (contract: metadata entry {@code edgetl.softsensor}). */
    public static final String CARD_METADATA = "edgetl.softsensor";

    public static boolean isTensorFile(Path p) {
        return p != null && p.getFileName() != null
                && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    public static TensorInputs load(Path calibrationFile, Path evalFile, Path targetsFile, TfliteModel model,
            int maxCalibration, long seed, List<String> notes) throws IOException {
        if (model.inputs().length != 1) {
            throw new CompressionException(model.source() + ": tensor calibration needs a model with one input, this one has "
                    + model.inputs().length);
        }
        TensorSpec in = model.input(0);
        List<float[]> calib = rows(read(calibrationFile, "calibration"), in, calibrationFile);
        List<float[]> evalInputs;
        if (evalFile != null) {
            if (!isTensorFile(evalFile)) {
                throw new CompressionException("--eval " + evalFile + ": with a .npy calibration file the evaluation "
                        + "inputs are a .npy file too");
            }
            evalInputs = rows(read(evalFile, "evaluation"), in, evalFile);
        } else {
            if (targetsFile != null) {
                throw new CompressionException("evaluation targets " + targetsFile + " need --eval inputs beside them");
            }
            List<float[]> shuffled = new ArrayList<>(calib);
            Collections.shuffle(shuffled, new Random(seed));
            int nEval = Math.max(1, shuffled.size() / 4);
            evalInputs = new ArrayList<>(shuffled.subList(0, nEval));
            calib = shuffled.size() > nEval ? new ArrayList<>(shuffled.subList(nEval, shuffled.size())) : calib;
            notes.add("no --eval file: a seeded (" + seed + ") 25 % split of the calibration windows was held out");
        }
        calib = new ArrayList<>(dev.edgetl.compressor.Compressor.evenlySpaced(calib, maxCalibration));
        int outputs = model.output(0).numElements();
        Task task = taskOf(model, notes);
        int[] labels = new int[evalInputs.size()];
        Arrays.fill(labels, -1);
        float[][] targets = null;
        if (targetsFile != null) {
            Npy.Array t = read(targetsFile, "evaluation targets");
            if (t.rows() != evalInputs.size()) {
                throw new CompressionException("evaluation targets " + targetsFile + " have " + t.rows()
                        + " rows but the evaluation inputs " + evalInputs.size());
            }
            if (task == Task.CLASSIFICATION) {
                if (t.rowSize() != 1) {
                    throw new CompressionException("evaluation targets " + targetsFile + " " + Arrays.toString(t.shape())
                            + ": a classifier needs one class index per row ([N])");
                }
                for (int k = 0; k < labels.length; k++) {
                    float v = t.data()[k];
                    if (v != Math.rint(v) || v < 0 || v >= outputs) {
                        throw new CompressionException("evaluation targets " + targetsFile + ": row " + k + " is " + v
                                + ", not a class index below " + outputs);
                    }
                    labels[k] = (int) v;
                }
            } else {
                if (t.rowSize() != outputs) {
                    throw new CompressionException("evaluation targets " + targetsFile + " " + Arrays.toString(t.shape())
                            + " have " + t.rowSize() + " values per row, the model outputs " + outputs + " ("
                            + model.output(0).describe() + ")");
                }
                targets = new float[t.rows()][];
                for (int k = 0; k < targets.length; k++) {
                    targets[k] = t.row(k);
                }
            }
        }
        String desc = "tensor inputs " + Arrays.toString(in.shape()) + " from " + calibrationFile.getFileName()
                + (evalFile != null ? " / " + evalFile.getFileName() : "") + ", used as given (no scaling)";
        return new TensorInputs(calib, new EvalSet(evalInputs, labels, targets), task, desc);
    }

    private static Npy.Array read(Path f, String what) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new CompressionException(what + " file " + f + " does not exist");
        }
        try {
            return Npy.read(f);
        } catch (IOException e) {
            throw new CompressionException(what + " file: " + e.getMessage(), e);
        }
    }

    /** The rows of {@code a} as model inputs: [N, ...shape without batch] or [N, ...shape]. */
    static List<float[]> rows(Npy.Array a, TensorSpec in, Path file) {
        int[] s = in.shape();
        int[] rowShape = Arrays.copyOfRange(a.shape(), Math.min(1, a.shape().length), a.shape().length);
        boolean fits = Arrays.equals(rowShape, s)
                || s.length > 0 && s[0] == 1 && Arrays.equals(rowShape, Arrays.copyOfRange(s, 1, s.length));
        if (a.shape().length == 0 || !fits) {
            throw new CompressionException(file + ": shape " + Arrays.toString(a.shape()) + " does not hold inputs of "
                    + in.describe() + " (expected [N, " + Arrays.toString(Arrays.copyOfRange(s, 1, s.length))
                    .replaceAll("[\\[\\]]", "") + "])");
        }
        if (a.rows() == 0) {
            throw new CompressionException(file + " holds no rows");
        }
        List<float[]> r = new ArrayList<>();
        for (int k = 0; k < a.rows(); k++) {
            float[] row = a.row(k);
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    throw new CompressionException(file + ": row " + k + " contains " + v);
                }
            }
            r.add(row);
        }
        return r;
    }

    /** From the embedded soft-sensor card ("task"), else SOFTMAX at the output means classification. */
    static Task taskOf(TfliteModel model, List<String> notes) {
        ByteBuffer card = model.metadata().get(CARD_METADATA);
        if (card != null) {
            try {
                byte[] b = new byte[card.remaining()];
                card.duplicate().get(b);
                JsonNode n = new ObjectMapper().readTree(new String(b, StandardCharsets.UTF_8));
                String task = n.path("task").asText("");
                if (task.equals("regression")) {
                    return Task.REGRESSION;
                }
                if (task.equals("classification")) {
                    return Task.CLASSIFICATION;
                }
            } catch (IOException e) {
                notes.add("the embedded " + CARD_METADATA + " card is not valid JSON: " + e.getMessage());
            }
        }
        int out = model.outputs()[0];
        for (OperatorSpec op : model.operators()) {
            for (int o : op.outputs()) {
                if (o == out) {
                    return op.builtinCode() == BuiltinOperator.SOFTMAX ? Task.CLASSIFICATION : Task.REGRESSION;
                }
            }
        }
        return Task.REGRESSION;
    }
}
