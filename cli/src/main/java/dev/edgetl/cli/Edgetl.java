package dev.edgetl.cli;

import dev.edgetl.runtime.app.BenchCommand;
import dev.edgetl.runtime.app.CommandSupport;
import dev.edgetl.runtime.app.InspectCommand;
import dev.edgetl.runtime.app.RunCommand;
import dev.edgetl.runtime.app.StreamCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edgetl} command. To add a subcommand, add its class to {@code subcommands} below (one line); it gets
 * the shared error handling and exit codes (0 ok, 1 error, 2 usage) from {@link CommandSupport#configure}.
 */
@Command(name = "edgetl", mixinStandardHelpOptions = true, version = "edgetl 0.1.0-SNAPSHOT",
        description = "Transfer learning, compression and deployment of lightweight neural networks, on the JVM.",
        subcommands = {
            InspectCommand.class,
            RunCommand.class,
            BenchCommand.class,
            StreamCommand.class,
            DemoCommand.class,
            dev.edgetl.cli.pipeline.PipelineCommand.class,
            dev.edgetl.trainer.cli.TrainCommand.class,
            dev.edgetl.softsensor.cli.SensorCommand.class,
            dev.edgetl.compressor.CompressCommand.class,
            dev.edgetl.devices.command.DevicesCommand.class,
            dev.edgetl.devices.command.DeployCommand.class,
            CommandLine.HelpCommand.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {"  ./edgetl demo",
                "  ./edgetl inspect ../shared/fixtures/models/mobilenet_v2_1.0_224_quant.tflite",
                "  ./edgetl run --model ../shared/fixtures/models/mobilenet_v2_1.0_224_quant.tflite ../shared/fixtures/images/bird.bmp",
                "  ./edgetl bench --model ../shared/fixtures/models/mobilenet_v2_1.0_224_quant.tflite --json",
                "  ./edgetl help run"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, CommandSupport.EXIT_1, CommandSupport.EXIT_2})
public final class Edgetl implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: edgetl demo, edgetl --help)");
    }

    public static CommandLine commandLine() {
        return CommandSupport.configure(new CommandLine(new Edgetl()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
