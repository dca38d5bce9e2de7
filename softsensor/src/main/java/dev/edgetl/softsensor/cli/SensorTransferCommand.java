package dev.edgetl.softsensor.cli;

import dev.edgetl.softsensor.report.TransferReport;
import dev.edgetl.softsensor.transfer.TransferSpec;
import dev.edgetl.softsensor.transfer.TransferStudy;
import dev.edgetl.trainer.train.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgetl sensor transfer}: fine-tuning from a source vs training from scratch, over target sizes. */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tuning from a source vs training from scratch, over target sizes.",
            "Pretrains on --source, fine-tunes on n labelled --target windows (for each --sizes), compares with",
            "training from scratch on the same windows; writes report.json and report.html (learning curves)."},
        footerHeading = "%nExamples:%n",
        footer = {"  edgetl sensor transfer --source DEB.txt --source-rows 1-1200 --target DEB.txt --target-rows 1201-2394 \\",
            "    --inputs u1,u2,u3,u4,u5,u6,u7,y@4 --y y --window 10 --head keep --sizes 25,50,100,200,all --out out/deb-transfer"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:error (bad data file, cell, column or option value: the message names it)",
            "2:usage error (unknown option, missing argument)"})
public final class SensorTransferCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, paramLabel = "FILE") Path source;
    @Option(names = "--target", required = true, paramLabel = "FILE") Path target;
    @Option(names = "--y", split = ",", paramLabel = "COL", description = "target column(s) of both files")
    List<String> y;
    @Option(names = "--source-y", split = ",", paramLabel = "COL", description = "source target column(s) (default --y)")
    List<String> sourceY;
    @Option(names = "--target-y", split = ",", paramLabel = "COL", description = "target's target column(s) (default --y)")
    List<String> targetY;
    @Option(names = "--source-where", paramLabel = "COL=VALUE") String sourceWhere;
    @Option(names = "--target-where", paramLabel = "COL=VALUE") String targetWhere;
    @Option(names = "--source-rows", paramLabel = "FROM-TO") String sourceRows;
    @Option(names = "--target-rows", paramLabel = "FROM-TO") String targetRows;

    @Option(names = "--sizes", defaultValue = "25,50,100,200,all", split = ",",
            description = "labelled target windows per point of the curve; all = the whole target training part")
    List<String> sizes;

    @Option(names = "--freeze", defaultValue = "none", description = "none | features (default: ${DEFAULT-VALUE})")
    String freeze;

    @Option(names = "--head", defaultValue = "new", description = "new | keep (keep: same targets, e.g. a later period)")
    String head;

    @Option(names = "--repeats", defaultValue = "3", description = "draws per size, averaged (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--json", description = "print the curve as JSON on stdout") boolean json;

    @Mixin DataOptions dataOptions;
    @Mixin ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        return SensorCommand.guarded("transfer", () -> {
            List<String> sy = sourceY != null ? sourceY : y;
            List<String> ty = targetY != null ? targetY : y;
            if (sy == null || ty == null) {
                throw new IllegalArgumentException("give the target column(s): --y, or --source-y and --target-y");
            }
            TransferSpec t = new TransferSpec();
            t.source = dataOptions.spec(source, sy, sourceWhere, sourceRows);
            t.target = dataOptions.spec(target, ty, targetWhere, targetRows);
            t.model = modelOptions.modelSpec();
            t.train = modelOptions.trainOptions();
            t.train.progress = false; // one bar for the whole study below
            t.sizes = new ArrayList<>();
            for (String s : sizes) {
                if (s.equalsIgnoreCase("all")) {
                    t.sizes.add(-1);
                } else {
                    try {
                        int n = Integer.parseInt(s.trim());
                        if (n < 2) {
                            throw new IllegalArgumentException("--sizes: " + n + " is too few samples to train on");
                        }
                        t.sizes.add(n);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--sizes takes whole numbers or 'all', got '" + s + "'");
                    }
                }
            }
            t.freezeFeatures = switch (freeze) {
                case "none" -> false;
                case "features" -> true;
                default -> throw new IllegalArgumentException("--freeze takes none or features, got '" + freeze + "'");
            };
            t.keepHead = switch (head) {
                case "new" -> false;
                case "keep" -> true;
                default -> throw new IllegalArgumentException("--head takes new or keep, got '" + head + "'");
            };
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats must be at least 1");
            }
            t.repeats = repeats;
            t.name = source.getFileName() + " -> " + target.getFileName();
            TransferStudy.Result r;
            try (Progress bar = Progress.start(!modelOptions.noProgress, "transfer",
                    1L + 2L * t.sizes.size() * repeats)) {
                r = TransferStudy.run(t, msg -> bar.step(msg));
            }
            Path html = TransferReport.write(r, out);
            boolean cls = r.target.labels != null;
            if (json) {
                System.out.println(SensorCommand.JSON.writeValueAsString(TransferReport.json(r)));
            } else {
                System.out.println(cls ? "target samples  accuracy fine-tune  accuracy scratch"
                        : "target samples  RMSE fine-tune  RMSE scratch  R2 fine-tune  R2 scratch");
                for (int n : TransferStudy.sizesRun(r)) {
                    if (cls) {
                        System.out.printf(Locale.ROOT, "%14d  %18.4f  %16.4f%n", n,
                                TransferStudy.mean(r, n, "finetune", "accuracy"), TransferStudy.mean(r, n, "scratch", "accuracy"));
                    } else {
                        System.out.printf(Locale.ROOT, "%14d  %14.5g  %12.5g  %12.4f  %10.4f%n", n,
                                TransferStudy.mean(r, n, "finetune", "rmse"), TransferStudy.mean(r, n, "scratch", "rmse"),
                                TransferStudy.mean(r, n, "finetune", "r2"), TransferStudy.mean(r, n, "scratch", "r2"));
                    }
                }
                System.out.printf(Locale.ROOT, "%.1f s; report: %s%n", r.millis / 1000.0, html);
            }
            return 0;
        });
    }
}
