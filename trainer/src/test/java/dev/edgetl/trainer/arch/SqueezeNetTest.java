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

class SqueezeNetTest {

    @Test
    void torchvisionParameterCounts() {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock v11 = SqueezeNet.build("1_1", 1000);
            v11.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertThat(ParameterCount.learnable(v11)).isEqualTo(1_235_496L);
            SequentialBlock v10 = SqueezeNet.build("1_0", 1000);
            v10.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertThat(ParameterCount.learnable(v10)).isEqualTo(1_248_424L);
            // ceil-mode pooling: 111 -> 55 -> 27 -> 13 on SqueezeNet 1.1
            assertThat(v11.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(1, 3, 224, 224))),
                    false).singletonOrThrow().getShape()).isEqualTo(new Shape(1, 1000));
        }
    }
}
