package dev.edgetl.softsensor.train;

import dev.edgetl.runtime.testing.Fixtures;
import dev.edgetl.softsensor.data.DataSpec;
import dev.edgetl.softsensor.data.Task;
import dev.edgetl.softsensor.models.Architecture;
import dev.edgetl.softsensor.models.ModelSpec;
import dev.edgetl.softsensor.report.TransferReport;
import dev.edgetl.softsensor.transfer.TransferSpec;
import dev.edgetl.softsensor.transfer.TransferStudy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExploreTest {
    @Test
    void explore() throws Exception {
        String which = System.getProperty("which", "sru");
        TransferSpec t = new TransferSpec();
        t.repeats = Integer.getInteger("reps", 2);
        t.sizes = List.of(25, 50, 100, 200);
        t.model = new ModelSpec(Architecture.parse(System.getProperty("arch", "mlp")), 32, 3);
        t.freezeFeatures = Boolean.getBoolean("freeze"); t.keepHead = Boolean.getBoolean("keep");
        t.train.maxEpochs = Integer.getInteger("epochs", 150);
        t.train.patience = 20;
        DataSpec s = new DataSpec();
        if (which.equals("sru")) {
            s.data = Fixtures.require("softsensor/derived/sru.csv");
            s.inputs = List.of("u1", "u2", "u3", "u4", "u5");
            s.targets = List.of("y1");
            s.window = 10;
            DataSpec g = s.copy();
            g.targets = List.of("y2");
            t.source = s; t.target = g;
        } else if (which.equals("deb")) {
            s.data = Fixtures.require("softsensor/debutanizer/Debutanizer_Column_Data.txt");
            s.inputs = List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "y@4");
            s.targets = List.of("y");
            s.window = 10;
            s.rows = "1-1200";
            DataSpec g = s.copy();
            g.rows = "1201-2394";
            t.source = s; t.target = g;
        } else {
            var base = Fixtures.require("softsensor/hydraulic");
            s.data = base.resolve("profile.txt");
            s.cycles = new java.util.ArrayList<>();
            for (String f : List.of("TS1", "TS2", "TS3", "TS4", "VS1", "CE", "CP", "SE")) s.cycles.add(base.resolve(f + ".txt"));
            s.targets = List.of("1");
            s.task = Task.CLASSIFICATION;
            s.blockSize = 20;
            s.where = which.equals("hyd") ? "2=100" : null;
            DataSpec g = s.copy();
            if (which.equals("hyd")) g.where = "2=73"; else g.targets = List.of("2");
            t.source = s; t.target = g;
        }
        TransferStudy.Result r = TransferStudy.run(t, System.out::println);
        System.out.println(TransferReport.json(r).get("curve").toPrettyString());
        System.out.println("total ms " + r.millis);
    }
}
