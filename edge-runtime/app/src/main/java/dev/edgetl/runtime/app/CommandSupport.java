package dev.edgetl.runtime.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What every edgetl command shares: exit codes (0 ok, 1 error, 2 usage), error reporting without stack traces
 * unless {@code --verbose} was given at any level of the command line, JSON output, model loading.
 */
public final class CommandSupport {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;

    /** For {@code @Command(exitCodeList = ...)}. */
    public static final String EXIT_CODES_HEADING = "%nExit codes:%n";
    public static final String EXIT_0 = "0:success";
    public static final String EXIT_1 = "1:error (unreadable or invalid model, image or tensor file; failed run)";
    public static final String EXIT_2 = "2:usage error (unknown option, missing argument)";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CommandSupport() {}

    /** Installs the error handling and exit codes on a top-level command line; returns it. */
    public static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(CommandSupport::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, ParseResult parse) {
        PrintWriter err = cl.getErr();
        String msg = message(e);
        err.println(cl.getColorScheme().errorText("error: " + msg));
        if (verbose(parse)) {
            e.printStackTrace(err);
        } else if (!expected(e)) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return ERROR;
    }

    static boolean expected(Throwable e) {
        return e instanceof ModelFormatException || e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException || e instanceof CommandException;
    }

    static String message(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file";
        }
        if (expected(e) && e.getMessage() != null) {
            return e.getMessage();
        }
        return "internal error: " + e.getClass().getName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    static boolean verbose(ParseResult parse) {
        for (ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Reads and validates a model, with an error naming the file when it is missing or unreadable. */
    public static TfliteModel readModel(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new CommandException("model " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandException("model " + file + " is not a file");
        }
        return ModelReader.read(file);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user-facing failure: printed as is, exit code 1. */
    public static final class CommandException extends RuntimeException {
        public CommandException(String message) {
            super(message);
        }
    }
}
