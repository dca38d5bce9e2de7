package dev.edgetl.benchmarks;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.util.ArrayList;
import java.util.List;

/** The edge-runtime configurations the harness times. */
final class EdgeVariants {
    /** The configuration whose p50 the ratio column divides by TFLite's. */
    static final String BEST = "edge-runtime";

    static final class Named {
        final String name;
        final InterpreterOptions options;
        final boolean vectorApi;

        Named(String name, InterpreterOptions options, boolean vectorApi) {
            this.name = name;
            this.options = options;
            this.vectorApi = vectorApi;
        }
    }

    private EdgeVariants() {}

    static List<Named> all() {
        List<Named> v = new ArrayList<>();
        v.add(new Named(BEST, InterpreterOptions.defaults(), false));
        return v;
    }

    static boolean vectorApiModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
