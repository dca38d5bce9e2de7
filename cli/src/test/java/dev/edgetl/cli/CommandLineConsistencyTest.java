package dev.edgetl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Issue 7 section 4: one consistent command line. Walks every command registered in {@link Edgetl} (so a new
 * command is checked the day it is added) instead of listing them.
 */
class CommandLineConsistencyTest {
    /** Commands that print nothing a script would parse; each says why. */
    private static final Map<String, String> NO_JSON = Map.of(
            "edgetl help", "prints help text");

    static List<CommandLine> leaves(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        if (cl.getSubcommands().isEmpty()) {
            out.add(cl);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getParent() == cl) {
                out.addAll(leaves(sub));
            }
        }
        return out;
    }

    @Test
    void everyCommandHasHelpExamplesExitCodesVerboseAndJson() {
        List<CommandLine> commands = leaves(Edgetl.commandLine());
        assertThat(commands).hasSizeGreaterThan(8);
        List<String> problems = new ArrayList<>();
        for (CommandLine cl : commands) {
            CommandSpec spec = cl.getCommandSpec();
            String name = spec.qualifiedName();
            if (name.equals("edgetl help")) {
                continue;
            }
            if (spec.findOption("--help") == null) {
                problems.add(name + ": no --help");
            }
            if (spec.findOption("--verbose") == null) {
                problems.add(name + ": no --verbose");
            }
            if (spec.findOption("--json") == null && !NO_JSON.containsKey(name)) {
                problems.add(name + ": no --json");
            }
            if (spec.usageMessage().exitCodeList().isEmpty()) {
                problems.add(name + ": no exit codes in --help");
            }
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (!help.contains("Example")) {
                problems.add(name + ": no examples in --help");
            }
        }
        assertThat(problems).as("command line consistency").isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutStackTraceOnEveryCommand() {
        for (CommandLine cl : leaves(Edgetl.commandLine())) {
            String name = cl.getCommandSpec().qualifiedName();
            if (name.equals("edgetl help")) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of(name.substring("edgetl ".length()).split(" ")));
            args.add("--no-such-option");
            String[] r = EdgetlTest.exec(args.toArray(new String[0]));
            assertThat(r[0]).as(name).isEqualTo("2");
            assertThat(r[2]).as(name).containsAnyOf("--no-such-option", "Usage:").doesNotContain("\tat ");
        }
    }
}
