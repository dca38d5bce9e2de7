package dev.edgetl.trainer.importers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.trainer.TorchRuntime;
import dev.edgetl.trainer.arch.MobileNetV2;
import dev.edgetl.trainer.arch.Padding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The torch-ref fixtures: torchvision's mobilenet_v2 (random seeded weights, perturbed BN) exported to ONNX. */
class OnnxImporterTest {

    @Test
    void mobileNetV2ReproducesTorchLogitsWithFoldedAndUnfoldedBatchNorm() throws Exception {
        TorchRuntime.engine();
        float[] input = f32(Fixtures.require("torch-ref/mobilenet_v2.input.f32"));
        float[] expected = f32(Fixtures.require("torch-ref/mobilenet_v2.logits.f32"));
        for (String file : new String[] {"mobilenet_v2.onnx", "mobilenet_v2.bn.onnx"}) {
            try (NDManager m = NDManager.newBaseManager()) {
                MobileNetV2 net = OnnxImporter.importMobileNetV2(Fixtures.require("torch-ref/" + file), m);
                assertThat(net.padding()).isEqualTo(Padding.TORCH);
                float[] logits = net.network().forward(new ParameterStore(m, false),
                        new NDList(m.create(input, new Shape(1, 3, 224, 224))), false).singletonOrThrow().toFloatArray();
                double max = 0;
                for (int i = 0; i < logits.length; i++) {
                    max = Math.max(max, Math.abs(logits[i] - expected[i]));
                }
                System.out.printf("%s: max |djl - torch| = %.3g%n", file, max);
                assertThat(max).as(file).isLessThanOrEqualTo(1e-4);
                assertThat(TfliteImporterTest.argmax(logits)).isEqualTo(765);
            }
        }
    }

    @Test
    void squeezeNetAndShuffleNetReproduceTorchLogits() throws Exception {
        TorchRuntime.engine();
        float[] input = f32(Fixtures.require("torch-ref/mobilenet_v2.input.f32"));
        String[][] cases = {{"squeezenet1_1.onnx", "squeezenet1_1.logits.f32", "930"},
            {"shufflenet_v2_x0_5.onnx", "shufflenet_v2_x0_5.logits.f32", "743"},
            {"shufflenet_v2_x0_5.bn.onnx", "shufflenet_v2_x0_5.logits.f32", "743"}};
        for (String[] c : cases) {
            float[] expected = f32(Fixtures.require("torch-ref/" + c[1]));
            try (NDManager m = NDManager.newBaseManager()) {
                ai.djl.nn.SequentialBlock net = c[0].startsWith("squeeze")
                        ? dev.edgetl.trainer.arch.SqueezeNet.build("1_1", 1000)
                        : dev.edgetl.trainer.arch.ShuffleNetV2.build("0.5", 1000);
                OnnxImporter.importInto(Fixtures.require("torch-ref/" + c[0]), net, new Shape(1, 3, 224, 224), m);
                float[] logits = net.forward(new ParameterStore(m, false),
                        new NDList(m.create(input, new Shape(1, 3, 224, 224))), false).singletonOrThrow().toFloatArray();
                double max = 0;
                for (int i = 0; i < logits.length; i++) {
                    max = Math.max(max, Math.abs(logits[i] - expected[i]));
                }
                System.out.printf("%s: max |djl - torch| = %.3g%n", c[0], max);
                assertThat(max).as(c[0]).isLessThanOrEqualTo(1e-4);
                assertThat(TfliteImporterTest.argmax(logits)).as(c[0]).isEqualTo(Integer.parseInt(c[2]));
            }
        }
    }

    static float[] f32(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
