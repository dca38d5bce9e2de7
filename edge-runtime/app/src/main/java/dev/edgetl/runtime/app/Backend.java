package dev.edgetl.runtime.app;

import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.OpResolver;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import java.util.function.UnaryOperator;

/**
 * The kernel set the commands run with: "scalar" (the core's pure-Java kernels, everywhere) or "vector-api" (the
 * edge-runtime-simd kernels, when the JVM was started with {@code --add-modules jdk.incubator.vector}).
 */
public final class Backend {
    private final String name;
    private final OpResolver resolver;
    private final String note;
    private final UnaryOperator<InterpreterOptions> kernels;

    public Backend(String name, OpResolver resolver, String note) {
        this(name, resolver, note, UnaryOperator.identity());
    }

    /** {@code kernels} adjusts the interpreter options (e.g. selects the Vector API GEMM backend). */
    public Backend(String name, OpResolver resolver, String note, UnaryOperator<InterpreterOptions> kernels) {
        this.name = name;
        this.resolver = resolver;
        this.note = note;
        this.kernels = kernels;
    }

    /** The best backend this JVM can run. */
    public static Backend detect() {
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (vectorModule) {
            UnaryOperator<InterpreterOptions> vector = vectorKernels();
            if (vector != null) {
                return new Backend("vector-api", BuiltinKernels.all(), "jdk.incubator.vector present", vector);
            }
            return new Backend("scalar", BuiltinKernels.all(),
                    "jdk.incubator.vector present, but this build has no Vector API kernels");
        }
        return new Backend("scalar", BuiltinKernels.all(),
                "start java with --add-modules jdk.incubator.vector for the Vector API kernels");
    }

    /**
     * The Vector API kernels of edge-runtime-simd. Only called when the jdk.incubator.vector module is in the
     * boot layer, so the simd classes can be referenced directly here.
     */
    private static UnaryOperator<InterpreterOptions> vectorKernels() {
        return dev.edgetl.runtime.simd.SimdKernels::options;
    }

    public static Backend scalar() {
        return new Backend("scalar", BuiltinKernels.all(), "forced");
    }

    public String name() {
        return name;
    }

    public OpResolver resolver() {
        return resolver;
    }

    /** Why this backend was chosen. */
    public String note() {
        return note;
    }

    public InterpreterOptions options(int threads) {
        return kernels.apply(InterpreterOptions.defaults().withResolver(resolver).withThreads(threads));
    }

    /** "vector-api (JDK 17.0.15)". */
    public String describe() {
        return name + " (JDK " + Runtime.version() + ")";
    }
}
