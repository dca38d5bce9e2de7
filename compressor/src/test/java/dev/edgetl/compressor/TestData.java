package dev.edgetl.compressor;

import dev.edgetl.compressor.calibrate.ImageFolder;
import dev.edgetl.compressor.calibrate.ImageLoader;
import dev.edgetl.compressor.calibrate.Preprocessing;
import dev.edgetl.runtime.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fixture images as model inputs for the float MobileNetV1 0.25 (224, (x - 127.5) / 127.5). */
public final class TestData {
    public static final String MOBILENET = "mobilenet_v1_0.25_224_float.tflite";
    public static final Preprocessing MOBILENET_PRE =
            new Preprocessing(224, 224, new float[] {127.5f}, new float[] {127.5f});

    private TestData() {}

    /** Every {@code step}-th readable image of a hymenoptera split (sorted, so reproducible). */
    public static List<float[]> hymenoptera(String split, int step) throws Exception {
        Path dir = Fixtures.require("datasets/hymenoptera/" + split);
        List<float[]> inputs = new ArrayList<>();
        List<ImageFolder.Item> items = ImageFolder.scan(dir).items();
        for (int k = 0; k < items.size(); k += step) {
            try {
                inputs.add(ImageLoader.load(items.get(k).file(), MOBILENET_PRE));
            } catch (ImageLoader.UnreadableImageException e) {
                // the dataset's one placeholder GIF
            }
        }
        return inputs;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
