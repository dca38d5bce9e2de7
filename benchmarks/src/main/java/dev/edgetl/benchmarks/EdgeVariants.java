package dev.edgetl.benchmarks;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import java.util.ArrayList;
import java.util.List;

/** The edge-runtime configurations the harness times. */
final class EdgeVariants {
    /** edge-runtime with its default (plain Java) kernels. */
    static final String PLAIN = "edge-runtime";

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

    /** The name of the Vector API variant, when the simd module and the incubator module are present. */
    static final String VECTOR = "edge-runtime-vector";

    static List<Named> all() {
        List<Named> v = new ArrayList<>();
        v.add(new Named(PLAIN, InterpreterOptions.defaults(), false));
        InterpreterOptions simd = vectorOptions(InterpreterOptions.defaults());
        if (simd != null) {
            v.add(new Named(VECTOR, simd, true));
        }
        return v;
    }

    /**
     * {@code SimdKernels.options(base)} from edge-runtime-simd, or null when the Vector API module is absent from
     * this JVM or the simd module has no such entry point. Looked up by name so that this harness also runs
     * (and reports "no Vector API") on a JVM started without {@code --add-modules jdk.incubator.vector}, where
     * loading the simd classes would fail.
     */
    static InterpreterOptions vectorOptions(InterpreterOptions base) {
        if (!vectorApiModulePresent()) {
            return null;
        }
        try {
            Class<?> c = Class.forName("dev.edgetl.runtime.simd.SimdKernels");
            return (InterpreterOptions) c.getMethod("options", InterpreterOptions.class).invoke(null, base);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    static boolean vectorApiModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
