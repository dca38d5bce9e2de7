package dev.edgetl.trainer.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.runtime.testing.TfliteOracle;
import dev.edgetl.trainer.TorchRuntime;
import dev.edgetl.trainer.arch.MobileNetV1;
import dev.edgetl.trainer.arch.ParameterCount;
import dev.edgetl.trainer.data.Images;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras .h5 MobileNetV1 0.25 does NOT carry the same weights as the TFLite float V1 0.25 fixture (the folded
 * conv weights differ from the first layer on; Keras retrained them): the logits differ by up to 9 and the top-1
 * on grace_hopper differs. So the proof is against {@link KerasReferenceGraph}: the Keras layers rebuilt from the
 * raw HDF5 arrays as a TFLite graph (own layout code, BN unfolded, Keras' own ZeroPadding2D + "valid" convs) run
 * by the real TFLite 2.21.
 */
class KerasImporterTest {

    @Test
    void kerasMobileNetV1MatchesTheKerasGraphRunByTflite() throws Exception {
        TorchRuntime.engine();
        Path h5 = Fixtures.model("keras_mobilenet_v1_0.25_224.h5");
        byte[] reference = KerasReferenceGraph.build(h5);
        try (NDManager m = NDManager.newBaseManager(); TfliteOracle oracle = TfliteOracle.load(reference)) {
            TfliteImporter.Imported keras = KerasImporter.importMobileNetV1(h5, m);
            assertThat(keras.net).isInstanceOf(MobileNetV1.class);
            assertThat(keras.net.width()).isEqualTo(0.25f);
            assertThat(keras.net.numClasses()).isEqualTo(1000);
            assertThat(keras.inputSize).isEqualTo(224);
            assertThat(ParameterCount.learnable(keras.net.network())).isEqualTo(470_072L); // Keras: 475,544 - 5,472 BN stats
            for (String image : TfliteImporterTest.IMAGES) {
                byte[] hwc = Images.resizeRgb(Images.read(Fixtures.image(image)), 224, 224);
                NDArray x = Images.batch(m, new float[][] {Images.toChw(hwc, 224, 224, keras.normalization)}, 224, 224);
                float[] ours = keras.net.network().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                float[] in = Images.toHwc(hwc, keras.normalization);
                ByteBuffer bb = ByteBuffer.allocate(in.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(in);
                byte[] out = oracle.run(bb.array()).get(0);
                float[] ref = new float[out.length / 4];
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(ref);
                double max = 0;
                for (int i = 0; i < ours.length; i++) {
                    max = Math.max(max, Math.abs(ours[i] - ref[i]));
                }
                System.out.printf("keras %s: top1 %d (reference %d), max|logit diff| %.3g%n", image,
                        TfliteImporterTest.argmax(ours), TfliteImporterTest.argmax(ref), max);
                assertThat(ref).hasSameSizeAs(ours);
                assertThat(max).as(image + " max |logit difference|").isLessThan(1e-3);
                assertThat(TfliteImporterTest.argmax(ours)).isEqualTo(TfliteImporterTest.argmax(ref));
            }
        }
    }

    @Test
    void kerasAndTfliteV1AgreeOnTheEasyImagesThoughTheirWeightsDiffer() throws Exception {
        // A sanity check on a different source: both networks see a chickadee (Keras has no background class).
        TorchRuntime.engine();
        Path tflite = Fixtures.model("mobilenet_v1_0.25_224_float.tflite");
        TfliteModel model = ModelReader.read(tflite);
        try (NDManager m = NDManager.newBaseManager()) {
            TfliteImporter.Imported keras = KerasImporter.importMobileNetV1(Fixtures.model("keras_mobilenet_v1_0.25_224.h5"), m);
            TfliteImporter.Imported tf = TfliteImporter.importTflite(model, m);
            float[][] l = TfliteImporterTest.logits(tflite, model, tf, m, "bird.bmp");
            byte[] hwc = Images.resizeRgb(Images.read(Fixtures.image("bird.bmp")), 224, 224);
            NDArray x = Images.batch(m, new float[][] {Images.toChw(hwc, 224, 224, keras.normalization)}, 224, 224);
            float[] ours = keras.net.network().forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            assertThat(TfliteImporterTest.argmax(ours) + 1).isEqualTo(TfliteImporterTest.argmax(l[1])).isEqualTo(20);
        }
    }

    @Test
    void aKerasFileIsABaseModel() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            dev.edgetl.trainer.BaseModels.BaseModel base = dev.edgetl.trainer.BaseModels.load(
                    Fixtures.model("keras_mobilenet_v1_0.25_224.h5").toString(), m);
            assertThat(base.net.architecture()).isEqualTo("mobilenet_v1");
            assertThat(base.inputSize).isEqualTo(224);
            assertThat(base.sha256).isEqualTo("dc1ff623e6cd99c3cc0dd2821ca0807ba013606af5a4e2afd4488fbf26a8b589");
        }
    }

    @Test
    void notAKerasModelIsAClearError(@TempDir Path d) throws Exception {
        TorchRuntime.engine();
        Path bad = d.resolve("bad.h5");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> KerasImporter.importMobileNetV1(bad, m)).isInstanceOf(ImportException.class)
                    .hasMessageContaining("bad.h5");
        }
    }
}
