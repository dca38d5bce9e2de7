package dev.edgetl.devices.connect;

import java.nio.file.Paths;
import java.util.List;

/** This machine, through {@code sh -c}: the baseline target, and the base of the qemu connector. */
public class LocalConnector extends ShellConnector {
    private final List<String> java;

    public LocalConnector() {
        this(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
    }

    public LocalConnector(List<String> javaCommand) {
        this.java = List.copyOf(javaCommand);
    }

    @Override
    protected List<String> wrap(String shellCommand) {
        return List.of("sh", "-c", shellCommand);
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public String tempBase() {
        return System.getProperty("java.io.tmpdir");
    }

    @Override
    public List<String> javaCommand() {
        return java;
    }
}
