package dev.edgetl.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.edgetl.trainer.arch.ClassifierNet;
import dev.edgetl.trainer.arch.MobileNetV1;
import dev.edgetl.trainer.arch.MobileNetV2;
import dev.edgetl.trainer.arch.Padding;
import dev.edgetl.trainer.arch.ShuffleNetV2;
import dev.edgetl.trainer.data.Normalization;
import dev.edgetl.trainer.importers.KerasImporter;
import dev.edgetl.trainer.importers.TfliteImporter;
import dev.edgetl.trainer.weights.WeightCache;
import dev.edgetl.trainer.weights.WeightRegistry;
import dev.edgetl.trainer.weights.WeightSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Resolves {@code --base}: a pretrained model file, or {@code scratch:<arch>} for a randomly initialised network. */
public final class BaseModels {
    public static final List<String> SCRATCH = List.of("scratch:mobilenet_v2", "scratch:mobilenet_v2_0.35",
            "scratch:mobilenet_v1", "scratch:mobilenet_v1_0.25", "scratch:shufflenet_v2_x0_5", "scratch:shufflenet_v2_x1_0");

    private BaseModels() {}

    /** A backbone to start from. */
    public static final class BaseModel {
        public final ClassifierNet net;
        public final Normalization normalization;
        public final int inputSize;
        public final String name;
        /** sha256 of the file, or null for scratch. */
        public final String sha256;
        public final boolean pretrained;

        BaseModel(ClassifierNet net, Normalization normalization, int inputSize, String name, String sha256, boolean pretrained) {
            this.net = net;
            this.normalization = normalization;
            this.inputSize = inputSize;
            this.name = name;
            this.sha256 = sha256;
            this.pretrained = pretrained;
        }
    }

    /**
     * The same architecture, width and input convention as {@code like}, randomly initialised: the from-scratch
     * baseline that transfer learning is compared with.
     */
    public static BaseModel scratchLike(BaseModel like, NDManager manager) {
        TorchRuntime.engine();
        ClassifierNet n = like.net;
        ClassifierNet net;
        if (n instanceof ShuffleNetV2) {
            net = new ShuffleNetV2(((ShuffleNetV2) n).scale(), 1000, n.padding());
        } else if (n.architecture().equals("mobilenet_v1")) {
            net = new MobileNetV1(n.width(), 1000, Padding.TF_SAME, TfliteImporter.BN_EPSILON);
        } else {
            net = new MobileNetV2(n.width(), 1000, Padding.TF_SAME, TfliteImporter.BN_EPSILON);
        }
        net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, like.inputSize, like.inputSize));
        return new BaseModel(net, like.normalization, like.inputSize,
                "scratch:" + n.architecture() + "_" + n.width(), null, false);
    }

    public static BaseModel load(String spec, NDManager manager) throws IOException {
        return load(spec, manager, false, System.err);
    }

    /**
     * @param spec a model file, a URL {@code https://.../x.tflite#sha256=HEX}, a name from {@link WeightRegistry}
     *     (downloaded once into {@link WeightCache}), or {@code scratch:<arch>}
     * @param offline never use the network: URLs and names must already be cached
     */
    public static BaseModel load(String spec, NDManager manager, boolean offline, PrintStream log) throws IOException {
        TorchRuntime.engine();
        if (spec.startsWith("scratch:")) {
            // scratch:<arch> from SCRATCH, or scratch:mobilenet_v1|mobilenet_v2:<width multiplier> (small networks
            // for small inputs, e.g. the demo's scratch:mobilenet_v2:0.35 at 32x32)
            String name = spec;
            Float widthOverride = null;
            int colon = spec.indexOf(':', "scratch:".length());
            if (colon > 0) {
                name = spec.substring(0, colon);
                float w;
                try {
                    w = Float.parseFloat(spec.substring(colon + 1));
                } catch (NumberFormatException e) {
                    w = Float.NaN;
                }
                if (!(w > 0 && w <= 4) || !name.startsWith("scratch:mobilenet_v")) {
                    throw new UnknownBaseModelException("base model '" + spec + "': a width multiplier in (0, 4] may"
                            + " follow scratch:mobilenet_v1 or scratch:mobilenet_v2, e.g. scratch:mobilenet_v2:0.35");
                }
                widthOverride = w;
            }
            if (!SCRATCH.contains(name)) {
                throw new UnknownBaseModelException("unknown base model '" + spec + "': known scratch architectures "
                        + SCRATCH + " (MobileNets optionally with a width multiplier: scratch:mobilenet_v2:0.35)");
            }
            String arch = name.substring("scratch:".length());
            if (arch.startsWith("shufflenet_v2_x")) {
                ShuffleNetV2 net = new ShuffleNetV2(arch.endsWith("0_5") ? "0.5" : "1.0", 1000, Padding.TORCH);
                net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
                return new BaseModel(net, Normalization.torchvisionApproximation(), 224, spec, null, false);
            }
            int cut = arch.lastIndexOf('_');
            float width = widthOverride != null ? widthOverride
                    : arch.endsWith("_v1") || arch.endsWith("_v2") ? 1.0f : Float.parseFloat(arch.substring(cut + 1));
            ClassifierNet net = arch.startsWith("mobilenet_v1")
                    ? new MobileNetV1(width, 1000, Padding.TF_SAME, TfliteImporter.BN_EPSILON)
                    : new MobileNetV2(width, 1000, Padding.TF_SAME, TfliteImporter.BN_EPSILON);
            net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            return new BaseModel(net, Normalization.tensorflow(), 224, spec, null, false);
        }
        Path file = resolveFile(spec, offline, log);
        String name = file.getFileName().toString();
        TfliteImporter.Imported imp;
        if (name.endsWith(".tflite")) {
            imp = TfliteImporter.importTflite(file, manager);
        } else if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras.h5")) {
            imp = KerasImporter.importMobileNetV1(file, manager);
        } else {
            throw new UnknownBaseModelException("base model " + file + ": unsupported format (supported: .tflite,"
                    + " Keras .h5)");
        }
        return new BaseModel(imp.net, imp.normalization, imp.inputSize, name, sha256(file), true);
    }

    /**
     * The local file behind {@code --base}: the path itself, or the verified cached copy of a URL / registry name.
     * Needs no engine, so it can run (and fail) before anything heavy starts.
     */
    public static Path resolveFile(String spec, boolean offline, PrintStream log) {
        WeightSpec ws = null;
        if (WeightSpec.isUrl(spec)) {
            try {
                ws = WeightSpec.parseUrl(spec);
            } catch (IllegalArgumentException e) {
                throw new UnknownBaseModelException(e.getMessage());
            }
        } else if (!Files.exists(Paths.get(spec))) {
            ws = WeightRegistry.builtin().get(spec);
        }
        if (ws != null) {
            return WeightCache.defaults(offline, log).fetch(ws);
        }
        Path file = Paths.get(spec);
        if (!Files.isRegularFile(file)) {
            throw new UnknownBaseModelException("unknown base model '" + spec + "': not a file, not a URL"
                    + " (https://...#sha256=HEX), not one of the published weights " + WeightRegistry.builtin().entries().keySet()
                    + " and not one of " + SCRATCH + " (pretrained weights: a MobileNetV2 .tflite, e.g."
                    + " mobilenet_v2_1.0_224_quant.tflite, or a MobileNetV1 .tflite)");
        }
        return file;
    }

    public static String sha256(Path file) throws IOException {
        try {
            return dev.edgetl.trainer.weights.WeightCache.sha256(file);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** {@code --base} names neither a usable file nor a known architecture. */
    public static final class UnknownBaseModelException extends RuntimeException {
        public UnknownBaseModelException(String message) {
            super(message);
        }
    }
}
