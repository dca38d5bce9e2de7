package dev.edgetl.trainer;

import ai.djl.engine.Engine;

/**
 * The one place where the PyTorch engine is configured. DJL reads these system properties when the engine
 * class loads, so {@link #engine()} must run before any other DJL call.
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true}: libtorch comes from the {@code pytorch-native-cpu} jar on the class path,
 *       never from the network.
 *   <li>explicit intra-op threads (default: available processors, at most 4) and one inter-op thread: libtorch's
 *       default of "all cores" plus OpenMP spin-waiting made steps 10x slower on a shared 2-core machine.
 *   <li>{@code OMP_WAIT_POLICY=PASSIVE} is an environment variable (OpenMP reads it at library load), so it can
 *       not be set from Java: the {@code edgetl} launcher and the surefire configuration set it;
 *       {@link #ompWarning()} tells the user when it is missing.
 * </ul>
 */
public final class TorchRuntime {
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static volatile Engine engine;

    private TorchRuntime() {}

    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Sets the defaults (unless the user set them) and loads the PyTorch engine. */
    public static synchronized Engine engine() {
        if (engine == null) {
            setIfAbsent("ai.djl.offline", "true");
            setIfAbsent(THREADS_PROPERTY, Integer.toString(defaultThreads()));
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
            // DJL would otherwise try to reach the model-zoo index at start-up.
            setIfAbsent("ai.djl.repository.zoo.location", "");
            engine = Engine.getEngine("PyTorch");
        }
        return engine;
    }

    /** A one-line warning when OpenMP may spin-wait, or null. */
    public static String ompWarning() {
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null || !policy.equalsIgnoreCase("PASSIVE")) {
            return "OMP_WAIT_POLICY is not PASSIVE: PyTorch steps can be much slower on machines with few cores"
                    + " (the edgetl launcher sets it)";
        }
        return null;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
