package dev.edgetl.runtime.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The runtime's own runnable jar: {@code java [--add-modules jdk.incubator.vector] -jar edge-runtime.jar COMMAND}. */
@Command(name = "edge-runtime", mixinStandardHelpOptions = true, version = "edge-runtime 0.1.0-SNAPSHOT",
        description = "Pure-Java TensorFlow Lite runtime: inspect, run and benchmark .tflite models.",
        subcommands = {InspectCommand.class, RunCommand.class, BenchCommand.class, StreamCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  java --add-modules jdk.incubator.vector -jar edge-runtime.jar run --model m.tflite bird.bmp",
                "  java -jar edge-runtime.jar inspect m.tflite   (scalar kernels without --add-modules)"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, CommandSupport.EXIT_1, CommandSupport.EXIT_2})
public final class EdgeRuntimeMain implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (inspect, run or bench)");
    }

    public static CommandLine commandLine() {
        return CommandSupport.configure(new CommandLine(new EdgeRuntimeMain()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
