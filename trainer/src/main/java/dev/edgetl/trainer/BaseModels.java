package dev.edgetl.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.edgetl.trainer.arch.MobileNetV2;
import dev.edgetl.trainer.arch.Padding;
import dev.edgetl.trainer.data.Normalization;
import dev.edgetl.trainer.importers.TfliteImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Resolves {@code --base}: a pretrained model file, or {@code scratch:<arch>} for a randomly initialised network. */
public final class BaseModels {
    public static final List<String> SCRATCH = List.of("scratch:mobilenet_v2");

    private BaseModels() {}

    /** A backbone to start from. */
    public static final class BaseModel {
        public final MobileNetV2 net;
        public final Normalization normalization;
        public final int inputSize;
        public final String name;
        /** sha256 of the file, or null for scratch. */
        public final String sha256;
        public final boolean pretrained;

        BaseModel(MobileNetV2 net, Normalization normalization, int inputSize, String name, String sha256, boolean pretrained) {
            this.net = net;
            this.normalization = normalization;
            this.inputSize = inputSize;
            this.name = name;
            this.sha256 = sha256;
            this.pretrained = pretrained;
        }
    }

    public static BaseModel load(String spec, NDManager manager) throws IOException {
        TorchRuntime.engine();
        if (spec.startsWith("scratch:")) {
            // scratch:mobilenet_v2 or scratch:mobilenet_v2:<width multiplier> (small networks for small inputs)
            String arch = spec;
            float width = 1.0f;
            int colon = spec.indexOf(':', "scratch:".length());
            if (colon > 0) {
                arch = spec.substring(0, colon);
                try {
                    width = Float.parseFloat(spec.substring(colon + 1));
                } catch (NumberFormatException e) {
                    width = Float.NaN;
                }
                if (!(width > 0 && width <= 4)) {
                    throw new UnknownBaseModelException("base model '" + spec + "': the width multiplier after '"
                            + arch + ":' must be a number in (0, 4], e.g. " + arch + ":0.35");
                }
            }
            if (!SCRATCH.contains(arch)) {
                throw new UnknownBaseModelException("unknown base model '" + spec + "': known scratch architectures "
                        + SCRATCH + " (optionally with a width multiplier: scratch:mobilenet_v2:0.35)");
            }
            MobileNetV2 net = new MobileNetV2(width, 1000, Padding.TF_SAME, TfliteImporter.BN_EPSILON);
            net.network().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            return new BaseModel(net, Normalization.tensorflow(), 224, spec, null, false);
        }
        Path file = Paths.get(spec);
        if (!Files.isRegularFile(file)) {
            throw new UnknownBaseModelException("unknown base model '" + spec + "': not a file, and not one of "
                    + SCRATCH + " (pretrained weights: a MobileNetV2 .tflite, e.g. mobilenet_v2_1.0_224_quant.tflite)");
        }
        String name = file.getFileName().toString();
        if (!name.endsWith(".tflite")) {
            throw new UnknownBaseModelException("base model " + file + ": unsupported format (supported: .tflite)");
        }
        TfliteImporter.Imported imp = TfliteImporter.importMobileNetV2(file, manager);
        return new BaseModel(imp.net, imp.normalization, imp.inputSize, name, sha256(file), true);
    }

    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                byte[] buf = new byte[1 << 16];
                while (in.read(buf) >= 0) {
                    // digesting
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code --base} names neither a usable file nor a known architecture. */
    public static final class UnknownBaseModelException extends RuntimeException {
        public UnknownBaseModelException(String message) {
            super(message);
        }
    }
}
