package dev.edgetl.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.interpreter.OpResolver;
import dev.edgetl.runtime.kernels.BuiltinKernels;
import dev.edgetl.runtime.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.tensorflow.lite.schema.Model;

/**
 * Bounded fuzzing of the model reader and interpreter with Jazzer: the real fixture models, mutated by byte
 * flips, byte sets, int32 tweaks and truncation (Jazzer chooses the model, the offsets and the values, guided by
 * coverage). Mutations land in the flatbuffer's tables, not inside weight buffers, where they could only change
 * numbers.
 *
 * <p>Properties: {@code ModelReader.read} + {@code Interpreter.create} + {@code run} either succeed or throw
 * {@link ModelFormatException} naming the source; nothing else escapes, no OutOfMemoryError (reader limits and a
 * modest arena limit bound the allocations), no hang (each case has a time limit).
 *
 * <p>Without {@code JAZZER_FUZZ=1} this runs the saved inputs only (regression mode, part of the normal test
 * run); the {@code fuzz} surefire execution of this module sets it and fuzzes for {@code maxDuration}.
 */
class ModelFuzzTest {
    static final ModelReader.Limits LIMITS = new ModelReader.Limits(8L << 20, 16L << 20);
    static final InterpreterOptions OPTIONS = InterpreterOptions.defaults().withArenaLimitBytes(64L << 20);
    static final long CASE_TIMEOUT_SECONDS = 20;
    static final String[] MODELS = {
        "mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v1_0.25_224_float.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite"
    };
    static final int[] INTERESTING_INTS = {
        0, 1, -1, 2, 3, 4, 7, 8, 255, 256, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE / 2,
        1 << 24, -4, -8
    };

    /** A fixture model and the offsets of its bytes that are not inside a buffer's data. */
    static final class Seed {
        final byte[] bytes;
        final int[] structural;

        Seed(byte[] bytes) {
            this.bytes = bytes;
            this.structural = structuralOffsets(bytes);
        }
    }

    private static List<Seed> seeds;
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-fuzz-case");
        t.setDaemon(true);
        return t;
    });

    static synchronized List<Seed> seeds() throws Exception {
        if (seeds == null) {
            List<Seed> l = new ArrayList<>();
            for (String m : MODELS) {
                l.add(new Seed(Files.readAllBytes(Fixtures.model(m))));
            }
            seeds = l;
        }
        return seeds;
    }

    /** Skips (or fails on CI) up front when the fixtures are missing, rather than inside the fuzzing loop. */
    @BeforeAll
    static void loadSeeds() throws Exception {
        seeds();
    }

    @FuzzTest(maxDuration = "60s")
    void mutatedModelsFailOnlyWithModelFormatException(FuzzedDataProvider data) throws Exception {
        List<Seed> all = seeds();
        Seed seed = all.get(data.consumeInt(0, all.size() - 1));
        byte[] m = mutate(seed, data);
        check(m);
    }

    static byte[] mutate(Seed seed, FuzzedDataProvider data) {
        byte[] m = seed.bytes.clone();
        int mutations = data.consumeInt(1, 6);
        for (int k = 0; k < mutations; k++) {
            int kind = data.consumeInt(0, 4);
            int off = seed.structural[data.consumeInt(0, seed.structural.length - 1)];
            switch (kind) {
                case 0:
                    m[off] ^= (byte) (1 << data.consumeInt(0, 7));
                    break;
                case 1:
                    m[off] = data.consumeByte();
                    break;
                case 2: {
                    int aligned = Math.min(off & ~3, m.length - 4);
                    int v = INTERESTING_INTS[data.consumeInt(0, INTERESTING_INTS.length - 1)];
                    ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(aligned, v);
                    break;
                }
                case 3: {
                    int aligned = Math.min(off & ~3, m.length - 4);
                    ByteBuffer bb = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
                    bb.putInt(aligned, bb.getInt(aligned) + data.consumeInt(-64, 64));
                    break;
                }
                default:
                    m = Arrays.copyOf(m, Math.min(m.length, off));
                    return m; // later offsets may lie beyond the cut
            }
        }
        return m;
    }

    /** Reads, prepares and runs on a worker thread, so that a hang fails the case instead of the build. */
    static void check(byte[] bytes) throws Exception {
        Future<?> f = WORKER.submit(() -> {
            try {
                TfliteModel model = ModelReader.read(ByteBuffer.wrap(bytes), "fuzz.tflite", LIMITS);
                try (Interpreter it = Interpreter.create(model, OPTIONS.withResolver(resolverFor(model)))) {
                    it.run();
                }
            } catch (ModelFormatException e) {
                assertThat(e.getMessage()).startsWith("fuzz.tflite: ");
            }
            return null;
        });
        try {
            f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("a mutated model took more than " + CASE_TIMEOUT_SECONDS
                    + " s to read, prepare and run (hang?)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw (Exception) cause;
        }
    }

    /**
     * The builtin kernels, plus a do-nothing stand-in for any op of the model that has no kernel yet, so that
     * preparation (constants, folding, arena planning, the kernels' own checks) is fuzzed for every model.
     */
    static OpResolver resolverFor(TfliteModel model) {
        OpResolver r = BuiltinKernels.all();
        for (OperatorSpec op : model.operators()) {
            if (!r.supports(op.builtinCode())) {
                r.register(op.builtinCode(), ctx -> () -> { });
            }
        }
        return r;
    }

    /** Offsets of all bytes outside the buffers' data vectors (the flatbuffer's tables, vectors, strings). */
    static int[] structuralOffsets(byte[] bytes) {
        boolean[] data = new boolean[bytes.length];
        Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < model.buffersLength(); i++) {
            ByteBuffer d = model.buffers(i).dataAsByteBuffer();
            if (d != null) {
                Arrays.fill(data, d.position(), d.position() + d.remaining(), true);
            }
        }
        int n = 0;
        for (boolean b : data) {
            n += b ? 0 : 1;
        }
        int[] r = new int[n];
        int k = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (!data[i]) {
                r[k++] = i;
            }
        }
        return r;
    }
}
