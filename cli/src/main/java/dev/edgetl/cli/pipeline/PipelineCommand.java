package dev.edgetl.cli.pipeline;

import dev.edgetl.runtime.app.CommandSupport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgetl pipeline --config pipeline.yaml}: train -> export -> compress -> verdict -> runtime -> (deploy). */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs train -> export -> compress -> budget verdict -> edge-runtime check -> (deploy) from one",
            "YAML file into one output folder with a top-level report.html. Resumable: a stage whose inputs (config",
            "section + input files, by content hash) are unchanged since it last finished is skipped.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  ./edgetl pipeline --config pipeline.yaml --out out/run1",
            "  ./edgetl demo                # writes a pipeline.yaml you can edit and rerun"},
        exitCodeListHeading = CommandSupport.EXIT_CODES_HEADING,
        exitCodeList = {CommandSupport.EXIT_0, "1:error (a stage failed)",
            "2:usage error (bad option, bad or unknown config key, missing input file)",
            "3:no compressed variant meets the budget"})
public final class PipelineCommand implements Callable<Integer> {
    public static final int BUDGET_NOT_MET = 3;

    @Spec CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The pipeline.yaml.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: pipeline-out beside the config file).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bars (stage lines only).")
    boolean noProgress;

    @Option(names = "--json", description = "Print report.json instead of the text summary.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig cfg;
        Path dir = config.toAbsolutePath().getParent();
        Pipeline p;
        try {
            cfg = PipelineConfig.load(config);
            p = new Pipeline(cfg, dir, out != null ? out : dir.resolve("pipeline-out"), System.err, !noProgress);
            p.checkInputs();
        } catch (PipelineConfig.ConfigException | java.io.IOException e) {
            err.println("edgetl pipeline: " + e.getMessage());
            err.flush();
            return CommandSupport.USAGE;
        }
        return run(p, spec.commandLine().getOut(), err, json, verbose);
    }

    /** Runs {@code p}, prints the summary (or report.json) and maps the outcome to the exit code. */
    public static int run(Pipeline p, PrintWriter out, PrintWriter err, boolean json, boolean verbose) {
        Pipeline.Outcome o;
        try {
            o = p.run();
        } catch (PipelineConfig.ConfigException | IllegalArgumentException e) {
            err.println("edgetl pipeline: " + e.getMessage());
            if (verbose) e.printStackTrace(err);
            err.flush();
            return CommandSupport.USAGE;
        } catch (Exception e) {
            err.println("edgetl pipeline: error: " + e.getMessage());
            if (verbose) e.printStackTrace(err);
            err.flush();
            return CommandSupport.ERROR;
        }
        if (json) {
            out.println(CommandSupport.json(o.report));
            out.flush();
        } else {
            PipelineSummary.print(o, out);
        }
        return o.budgetMet() ? CommandSupport.OK : BUDGET_NOT_MET;
    }

}
