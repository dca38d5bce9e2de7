package dev.edgetl.runtime.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command line in-process with captured output. */
final class CommandTestSupport {
    final int exit;
    final String out;
    final String err;

    private CommandTestSupport(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    static CommandTestSupport execute(Object command, String... args) {
        CommandLine cl = CommandSupport.configure(new CommandLine(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CommandTestSupport(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nout:\n" + out + "\nerr:\n" + err;
    }
}
