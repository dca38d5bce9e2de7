package dev.edgetl.softsensor.cli;

import dev.edgetl.softsensor.SensorRun;
import dev.edgetl.softsensor.data.DataSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgetl sensor train}: one soft sensor from one file, exported to the edge. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a soft sensor, test it on the held-out part, export it for the edge.",
            "Reads a table (or per-cycle sensor matrices), trains with early stopping, scores the test part and",
            "writes model.tflite, model.json, calibration.npy, report.json and report.html to --out."},
        footerHeading = "%nExamples:%n",
        footer = {"  edgetl sensor train --data ../shared/fixtures/softsensor/debutanizer/Debutanizer_Column_Data.txt \\",
            "    --inputs u1,u2,u3,u4,u5,u6,u7,y@4 --target y --window 10 --model mlp --out out/debutanizer",
            "  edgetl sensor train --data plant.csv --inputs 2,3,4 --target 5 --window 20 --model lstm --out out/plant --json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:error (bad data file, cell, column or option value: the message names it)",
            "2:usage error (unknown option, missing argument)"})
public final class SensorTrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV / whitespace table (or the"
            + " per-cycle targets with --cycles)")
    Path data;

    @Option(names = "--target", required = true, split = ",", paramLabel = "COL",
            description = "target column(s) by name or 1-based index")
    List<String> target;

    @Option(names = "--where", paramLabel = "COL=VALUE", description = "keep only rows (cycles) where COL equals VALUE")
    String where;

    @Option(names = "--rows", paramLabel = "FROM-TO", description = "use only these data rows (1-based, inclusive)")
    String rows;

    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--json", description = "print the metrics as JSON on stdout") boolean json;

    @Mixin DataOptions dataOptions;
    @Mixin ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        return SensorCommand.guarded("train", () -> {
            DataSpec spec = dataOptions.spec(data, target, where, rows);
            SensorRun.Outcome o = SensorRun.run(spec, modelOptions.modelSpec(), modelOptions.trainOptions(), out);
            if (json) {
                System.out.println(SensorCommand.JSON.writeValueAsString(o.summary));
            } else {
                if (o.data.labels != null) {
                    System.out.printf(Locale.ROOT, "test accuracy %.4f (%d windows)%n", o.test.accuracy, o.test.count);
                } else {
                    for (int j = 0; j < o.data.targetNames.size(); j++) {
                        System.out.printf(Locale.ROOT, "test %s: R2 %.4f  RMSE %.5g  MAE %.5g (%d windows)%n",
                                o.data.targetNames.get(j), o.test.r2[j], o.test.rmse[j], o.test.mae[j], o.test.count);
                    }
                }
                System.out.printf(Locale.ROOT, "best epoch %d of %d, %.1f s%n", o.training.bestEpoch,
                        o.training.history.size(), o.training.millis / 1000.0);
                System.out.println("model:       " + o.model);
                System.out.println("card:        " + o.card);
                System.out.println("calibration: " + o.calibration);
                System.out.println("report:      " + o.report);
            }
            return 0;
        });
    }
}
