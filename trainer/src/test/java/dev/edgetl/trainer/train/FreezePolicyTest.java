package dev.edgetl.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.edgetl.trainer.TorchRuntime;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.MobileNetV2;
import dev.edgetl.trainer.arch.Padding;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreezePolicyTest {

    @Test
    void untilFreezesThePrefixAndItsBatchNorm() {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            MobileNetV2 net = new MobileNetV2(0.35f, 2, Padding.TF_SAME, 1e-3f);
            net.network().initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            List<String> frozen = FreezePolicy.parse("until:block2").apply(net);
            assertThat(frozen).containsExactly("stem", "block1", "block2");
            ConvBn stem = net.convs().get(0);
            ConvBn last = net.convs().get(net.convs().size() - 1);
            assertThat(stem.isFrozen()).isTrue();
            assertThat(stem.weight().requiresGradient()).isFalse();
            assertThat(last.isFrozen()).isFalse();
            assertThat(last.weight().requiresGradient()).isTrue();
            assertThat(last.runningMean().requiresGradient()).isFalse();
            assertThat(FreezePolicy.parse("none").apply(net)).isEmpty();
            assertThat(stem.isFrozen()).isFalse();
            assertThat(FreezePolicy.parse("backbone").apply(net)).hasSize(19);
        }
    }

    @Test
    void badSpecsAreRefusedWithTheUnitNames() {
        assertThatThrownBy(() -> FreezePolicy.parse("half")).hasMessageContaining("none, backbone or until:<unit>");
        TorchRuntime.engine();
        MobileNetV2 net = new MobileNetV2(0.35f, 2, Padding.TF_SAME, 1e-3f);
        assertThatThrownBy(() -> FreezePolicy.parse("until:block99").apply(net)).hasMessageContaining("block17");
    }
}
