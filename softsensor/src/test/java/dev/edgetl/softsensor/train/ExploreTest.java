package dev.edgetl.softsensor.train;

import ai.djl.ndarray.NDManager;
import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.data.SensorDataset;
import dev.edgetl.softsensor.models.Architecture;
import dev.edgetl.softsensor.models.SensorNet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() {
        String[] archs = System.getProperty("archs", "mlp").split(",");
        String[] wins = System.getProperty("wins", "10").split(",");
        for (String a : archs) for (String wl : wins) {
            DataSpec s = new DataSpec();
            s.data = Fixtures.require("softsensor/debutanizer/Debutanizer_Column_Data.txt");
            s.inputs = new java.util.ArrayList<>(List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7")); if (System.getProperty("lag") != null) s.inputs.add("y@" + System.getProperty("lag"));
            s.targets = List.of("y");
            s.window = Integer.parseInt(wl);
            s.trainFraction = Double.parseDouble(System.getProperty("tf", "0.6"));
            s.valFraction = Double.parseDouble(System.getProperty("vf", "0.2"));
            SensorDataset d = SensorDataset.load(s);
            SensorTrainer.seed(42);
            SensorNet net = SensorNet.create(Architecture.parse(a), s.window, s.inputs.size(), 1, Integer.getInteger("hidden", 32), 3);
            try (NDManager m = NDManager.newBaseManager()) {
                net.initialize(m);
                TrainOptions o = new TrainOptions();
                o.maxEpochs = Integer.getInteger("epochs", 200);
                o.batchSize = 32;
                o.weightDecay = Float.parseFloat(System.getProperty("wd", "1e-4"));
                TrainResult r = SensorTrainer.fit(net, d.train, d.val, o, m);
                Metrics val = Metrics.of(d.val, net.predict(m, d.val.x, d.val.n, 256), d.targetScaling, 0);
                Metrics test = Metrics.of(d.test, net.predict(m, d.test.x, d.test.n, 256), d.targetScaling, 0);
                System.out.printf("%s L=%s best epoch %d of %d, %d ms, val R2 %.3f test R2 %.3f RMSE %.4f%n", a, wl, r.bestEpoch,
                        r.history.size(), r.millis, val.r2[0], test.r2[0], test.rmse[0]);
            }
        }
    }
}
