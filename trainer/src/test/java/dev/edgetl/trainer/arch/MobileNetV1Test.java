package dev.edgetl.trainer.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.edgetl.trainer.TorchRuntime;
import org.junit.jupiter.api.Test;

class MobileNetV1Test {

    static long bnStatistics(MobileNetV1 net) {
        long n = 0;
        for (Pair<String, Parameter> p : net.network().getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    @Test
    void kerasParameterCountsAt1000Classes() {
        TorchRuntime.engine();
        // Keras applications.MobileNet(alpha, weights=None): trainable / total (with BN moving mean and variance).
        float[] widths = {1.0f, 0.25f};
        long[] trainable = {4_231_976L, 470_072L};
        long[] total = {4_253_864L, 475_544L}; // 475,544 = the fixture keras_mobilenet_v1_0.25_224.h5
        for (int k = 0; k < widths.length; k++) {
            try (NDManager m = NDManager.newBaseManager()) {
                MobileNetV1 net = new MobileNetV1(widths[k], 1000, Padding.TF_SAME, 1e-3f);
                net.network().initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
                assertThat(ParameterCount.learnable(net.network())).isEqualTo(trainable[k]);
                assertThat(ParameterCount.learnable(net.network()) + bnStatistics(net)).isEqualTo(total[k]);
                assertThat(net.convs()).hasSize(27);
                assertThat(net.units()).hasSize(14);
                assertThat(net.lastChannels()).isEqualTo((int) (1024 * widths[k]));
            }
        }
    }

    @Test
    void forwardShapes() {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            MobileNetV1 net = new MobileNetV1(0.25f, 3, Padding.TF_SAME, 1e-3f);
            Shape in = new Shape(2, 3, 128, 128);
            net.network().initialize(m, DataType.FLOAT32, in);
            NDArray y = net.network().forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), false)
                    .singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(net.backbone().getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(2, 256));
        }
    }
}
