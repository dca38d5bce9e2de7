package dev.edgetl.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.edgetl.trainer.TorchRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumableAdamTest {

    /** Two linear layers; the second plays the "new head". */
    static SequentialBlock net(NDManager m) {
        SequentialBlock b = new SequentialBlock();
        b.add(Linear.builder().setUnits(4).build());
        b.add(Linear.builder().setUnits(2).build());
        Engine.getInstance().setRandomSeed(3);
        b.initialize(m, DataType.FLOAT32, new Shape(5, 3));
        return b;
    }

    static List<Parameter> params(SequentialBlock b) {
        List<Parameter> ps = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            ps.add(p.getValue());
        }
        return ps;
    }

    /** One step of a fixed quadratic loss on fixed data. */
    static void step(SequentialBlock b, Optimizer opt, NDManager m, int k) {
        NDArray x = m.arange(15f).reshape(5, 3).div(10f).add(k * 0.01f);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = b.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(x), true)
                    .singletonOrThrow();
            gc.backward(y.sub(1f).square().sum());
        }
        for (Parameter p : params(b)) {
            opt.update(p.getId(), p.getArray(), p.getArray().getGradient());
        }
    }

    static float[] flat(SequentialBlock b) {
        List<Float> all = new ArrayList<>();
        for (Parameter p : params(b)) {
            for (float f : p.getArray().toFloatArray()) {
                all.add(f);
            }
        }
        float[] r = new float[all.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = all.get(i);
        }
        return r;
    }

    @Test
    void computesWhatDjlsAdamComputesAndResumesExactly() throws Exception {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock a = net(m);
            SequentialBlock b = net(m);
            SequentialBlock c = net(m);
            assertThat(flat(a)).containsExactly(flat(b));
            Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).optWeightDecays(1e-3f).build();
            ResumableAdam ours = ResumableAdam.builder().schedule(Tracker.fixed(0.01f)).optWeightDecays(1e-3f).build();
            for (int k = 0; k < 5; k++) {
                step(a, djl, m, k);
                step(b, ours, m, k);
            }
            assertThat(flat(b)).containsExactly(flat(a));

            // c: 3 steps, save parameters + optimizer state, "restart" with a new optimizer, 2 more steps
            ResumableAdam first = ResumableAdam.builder().schedule(Tracker.fixed(0.01f)).optWeightDecays(1e-3f).build();
            for (int k = 0; k < 3; k++) {
                step(c, first, m, k);
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buf)) {
                first.save(c, out);
            }
            ResumableAdam second = ResumableAdam.builder().schedule(Tracker.fixed(0.01f)).optWeightDecays(1e-3f).build();
            second.restore(c, new DataInputStream(new ByteArrayInputStream(buf.toByteArray())), m);
            assertThat(second.steps()).isEqualTo(3);
            for (int k = 3; k < 5; k++) {
                step(c, second, m, k);
            }
            assertThat(flat(c)).containsExactly(flat(a));
        }
    }

    @Test
    void theHeadMultiplierScalesOnlyTheHeadsSteps() {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock plain = net(m);
            SequentialBlock boosted = net(m);
            float[] before = flat(plain);
            step(plain, ResumableAdam.builder().schedule(Tracker.fixed(1e-3f)).build(), m, 0);
            step(boosted, ResumableAdam.builder().schedule(Tracker.fixed(1e-3f))
                    .multiplier(10f, boosted.getChildren().get(1).getValue().getParameters()).build(), m, 0);
            float[] p = flat(plain);
            float[] q = flat(boosted);
            int backbone = 3 * 4 + 4; // first Linear: weight [4,3] + bias [4]
            for (int i = 0; i < before.length; i++) {
                double dp = p[i] - before[i];
                double dq = q[i] - before[i];
                if (i < backbone) {
                    assertThat(dq).as("backbone parameter " + i).isEqualTo(dp);
                } else if (Math.abs(dp) > 1e-6) {
                    // Adam's first step is lr * g / (|g| + eps): exactly proportional to the learning rate
                    assertThat(dq / dp).as("head parameter " + i).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-2));
                }
            }
        }
    }

    @Test
    void schedules() {
        TrainConfig cfg = new TrainConfig();
        cfg.learningRate = 0.1f;
        cfg.epochs = 10;
        cfg.schedule = TrainConfig.Schedule.COSINE;
        Tracker cos = TransferLearner.schedule(cfg, 5); // 50 updates
        assertThat(cos.getNewValue(0)).isCloseTo(0.1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(cos.getNewValue(25)).isCloseTo(0.05f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(cos.getNewValue(50)).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-6f));
        cfg.schedule = TrainConfig.Schedule.STEP;
        cfg.stepEpochs = 4;
        cfg.stepFactor = 0.5f;
        Tracker step = TransferLearner.schedule(cfg, 5); // halves after updates 20 and 40
        assertThat(step.getNewValue(20)).isEqualTo(0.1f);
        assertThat(step.getNewValue(21)).isCloseTo(0.05f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(step.getNewValue(45)).isCloseTo(0.025f, org.assertj.core.data.Offset.offset(1e-6f));
        cfg.schedule = TrainConfig.Schedule.FIXED;
        assertThat(TransferLearner.schedule(cfg, 5).getNewValue(49)).isEqualTo(0.1f);
    }
}
