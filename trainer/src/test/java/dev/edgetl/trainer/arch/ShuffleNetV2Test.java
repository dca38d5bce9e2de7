package dev.edgetl.trainer.arch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.edgetl.trainer.TorchRuntime;
import org.junit.jupiter.api.Test;

class ShuffleNetV2Test {

    @Test
    void torchvisionParameterCounts() {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock half = ShuffleNetV2.build("0.5", 1000);
            half.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertThat(ParameterCount.learnable(half)).isEqualTo(1_366_792L);
            SequentialBlock one = ShuffleNetV2.build("1.0", 1000);
            one.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertThat(ParameterCount.learnable(one)).isEqualTo(2_278_604L);
            assertThat(half.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 3, 224, 224))),
                    false).singletonOrThrow().getShape()).isEqualTo(new Shape(2, 1000));
        }
    }
}
