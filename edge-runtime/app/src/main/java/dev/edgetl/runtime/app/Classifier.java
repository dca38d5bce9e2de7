package dev.edgetl.runtime.app;

import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.image.ImageTensors;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** An image classifier over one model: decode, pre-process into input 0, run, top-K of output 0. */
public final class Classifier implements AutoCloseable {
    private final Interpreter interpreter;
    private final Labels labels;
    private final Preprocessing preprocessing;

    public Classifier(TfliteModel model, InterpreterOptions options, Labels labels, Preprocessing preprocessing) {
        this.interpreter = Interpreter.create(model, options);
        Tensor in0 = interpreter.input(0);
        int[] s = in0.shape;
        if (s.length != 4 || s[0] != 1 || s[3] != 3) {
            interpreter.close();
            throw new IllegalArgumentException(model.source() + ": input 0 " + in0.describe()
                    + " is not an image input [1, H, W, 3]; use --input-tensor/--output-tensor for raw tensors");
        }
        this.labels = labels;
        this.preprocessing = preprocessing;
    }

    public List<Prediction> classify(Path image, int top) throws ImageDecodeException {
        DecodedImage img = ImageDecoder.read(image);
        return classify(img, top);
    }

    public List<Prediction> classify(DecodedImage img, int top) {
        ImageTensors.fill(interpreter.input(0), img.argb(), img.width(), img.height(), preprocessing.normalization());
        interpreter.run();
        return topK(interpreter.outputAsFloats(0), top, labels);
    }

    static List<Prediction> topK(float[] scores, int k, Labels labels) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Stable sort: ties keep the lower class index first, as TFLite's examples do.
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        List<Prediction> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, order.length); r++) {
            int i = order[r];
            out.add(new Prediction(i, labels.name(i), scores[i]));
        }
        return out;
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    public Labels labels() {
        return labels;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
