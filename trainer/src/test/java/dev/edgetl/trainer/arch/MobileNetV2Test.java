package dev.edgetl.trainer.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.edgetl.trainer.TorchRuntime;
import org.junit.jupiter.api.Test;

class MobileNetV2Test {

    @Test
    void torchvisionParameterCountAt1000Classes() {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            MobileNetV2 net = new MobileNetV2(1.0f, 1000, Padding.TORCH, 1e-5f);
            net.network().initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertThat(ParameterCount.learnable(net.network())).isEqualTo(3_504_872L);
            assertThat(net.convs()).hasSize(52);
            assertThat(net.units()).hasSize(19);
        }
    }

    @Test
    void forwardShapesForBothPaddingModesAndWidths() {
        TorchRuntime.engine();
        for (Padding p : Padding.values()) {
            for (float width : new float[] {0.35f, 1.0f}) {
                try (NDManager m = NDManager.newBaseManager()) {
                    MobileNetV2 net = new MobileNetV2(width, 5, p, 1e-3f);
                    Shape in = new Shape(2, 3, 96, 96);
                    net.network().initialize(m, DataType.FLOAT32, in);
                    NDArray x = m.randomNormal(in);
                    NDArray y = net.network().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
                    assertThat(y.getShape()).isEqualTo(new Shape(2, 5));
                    assertThat(net.backbone().getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(2, net.lastChannels()));
                }
            }
        }
    }

    @Test
    void tfSamePaddingIsAsymmetricForStrideTwoOnEvenInputs() {
        assertThat(Padding.TF_SAME.pads(224, 3, 2)).containsExactly(0, 1);
        assertThat(Padding.TF_SAME.pads(225, 3, 2)).containsExactly(1, 1);
        assertThat(Padding.TF_SAME.pads(112, 3, 1)).containsExactly(1, 1);
        assertThat(Padding.TORCH.pads(224, 3, 2)).containsExactly(1, 1);
        assertThat(Padding.TF_SAME.outputSize(224, 3, 2)).isEqualTo(112);
        assertThat(MobileNetV2.makeDivisible(32 * 0.35f, 8)).isEqualTo(16);
    }
}
