package dev.edgetl.softsensor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.softsensor.data.DataException;
import dev.edgetl.softsensor.export.ExportException;
import dev.edgetl.trainer.TorchRuntime;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edgetl sensor}: soft sensors on process data (train, transfer). */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        description = {"Soft sensors: windowed models (MLP, 1D-CNN, LSTM) on process data, exported to .tflite with a",
            "model.json card and calibration.npy; transfer learning studies between units, periods and targets."},
        subcommands = {SensorTrainCommand.class, SensorTransferCommand.class},
        footer = {"", "Examples:",
            "  edgetl sensor train --data ../shared/fixtures/softsensor/debutanizer/Debutanizer_Column_Data.txt \\",
            "    --inputs u1,u2,u3,u4,u5,u6,u7,y@4 --target y --window 10 --model mlp --out out/debutanizer",
            "  edgetl sensor transfer --source DEB.txt --source-rows 1-1200 --target DEB.txt --target-rows 1201-2394 \\",
            "    --inputs u1,u2,u3,u4,u5,u6,u7,y@4 --y y --window 10 --head keep --sizes 25,50,100,200,all \\",
            "    --epochs 150 --patience 20 --out out/deb-transfer"})
public final class SensorCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", description = "print stack traces of errors",
            scope = CommandLine.ScopeType.INHERIT)
    static boolean verbose;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: train or transfer");
    }

    /** Runs {@code body}; bad data or options print one clear line and exit 1 (usage errors exit 2 in picocli). */
    static int guarded(String name, Callable<Integer> body) throws Exception {
        String warn = TorchRuntime.ompWarning();
        if (warn != null) {
            System.err.println("edgetl sensor " + name + ": warning: " + warn);
        }
        try {
            return body.call();
        } catch (DataException | ExportException | IllegalArgumentException e) {
            PrintStream err = System.err;
            err.println("edgetl sensor " + name + ": error: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SensorCommand()).execute(args));
    }
}
