package dev.edgetl.cli.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code pipeline.yaml}: the whole train -> compress -> verdict -> deploy run. Unknown keys are errors (a typo
 * must not silently fall back to a default). Relative paths are resolved against the file's folder.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"data", "evalData", "base", "architecture", "training", "pretrain", "baseline", "compress", "budget", "deploy"})
public final class PipelineConfig {
    public static final List<String> ARCHITECTURES = List.of("mobilenet_v2");
    /** {@code base: pretrain} = the model the pretrain stage produced. */
    public static final String FROM_PRETRAIN = "pretrain";

    /** ImageFolder of the task (train/ + val/ class folders, or one tree split by training.valFraction). */
    public String data;
    /** Evaluation folder for the compressor; default: {@code <data>/val} when it exists. */
    public String evalData;
    /** A MobileNetV2 .tflite, {@code scratch:mobilenet_v2[:width]}, or {@code pretrain}. */
    public String base;
    public String architecture = "mobilenet_v2";
    public Training training = new Training();
    /** Optional: train a base model first on another dataset (then {@code base: pretrain}). */
    public Pretrain pretrain;
    /** Optional: the same task trained from scratch, to compare with transfer learning. */
    public Baseline baseline;
    public Compress compress = new Compress();
    public BudgetSection budget;
    /** Optional: deploy the chosen variant and benchmark it on a device. */
    public Deploy deploy;

    /** Training options, as the {@code train} command's flags. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Training {
        public String mode = "features";
        public Integer epochs = 60;
        public Integer batchSize = 32;
        public Float learningRate = 1e-3f;
        public Float weightDecay = 1e-4f;
        public Integer patience = 15;
        public Long seed = 42L;
        /** 0 = the base model's input size. */
        public Integer imageSize = 0;
        public String freeze = "backbone";
        public Boolean augment = true;
        /** true: centre crop (shorter side to size/0.875, ImageNet-style); false: the whole image resized. */
        public Boolean centerCrop = true;
        public Double valFraction = 0.2;
        /** At most this many images per split (0 = all). */
        public Integer limitPerSplit = 0;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Pretrain {
        public String data;
        public String base;
        public Training training = new Training();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Baseline {
        /** Default: {@code scratch:mobilenet_v2}. */
        public String base;
        /** Default: the main training section. */
        public Training training;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Compress {
        public List<String> variants = new ArrayList<>(List.of("fp16", "dynamic", "int8"));
        public Integer calibrationImages = 100;
        /** Calibration method (minmax, percentile, mse ...); default: the compressor's. */
        public String method;
        public Boolean compareMethods = false;
        public Integer warmup = 5;
        public Integer runs = 20;
        public Integer threads = 1;
        public Long seed = 42L;
    }

    /** The compressor's budget.yaml, inline. Accuracy limits are fractions (0.9 = 90 %). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"device", "maxModelBytes", "maxRamBytes", "maxP90LatencyMs", "minAccuracy", "maxAccuracyDrop"})
    public static final class BudgetSection {
        public String device;
        public Long maxModelBytes;
        public Long maxRamBytes;
        @JsonProperty("maxP90LatencyMs") public Double maxP90LatencyMs;
        public Double minAccuracy;
        public Double maxAccuracyDrop;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Deploy {
        /** local, ssh://user@host[:port], adb[:serial], qemu (as {@code edgetl deploy --target}). */
        public String target;
        /** Device profile id; default: the budget's device. */
        public String device;
        public Integer runs = 20;
        public Integer warmup = 3;
        public Integer threads = 1;
        /** The runnable edge-runtime jar to copy; default: the deploy command's default. */
        public String runtimeJar;
        public Long timeoutSeconds = 600L;
    }

    static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Reads and validates {@code file}; every problem names the field. */
    public static PipelineConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such file");
        }
        return parse(Files.readString(file), file.toString());
    }

    public static PipelineConfig parse(String text, String source) {
        PipelineConfig c;
        try {
            c = yaml().readValue(text, PipelineConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String at = path(e);
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(Object::toString)
                    .sorted().collect(Collectors.joining(", "));
            throw new ConfigException(source + ": unknown key '" + (at.isEmpty() ? e.getPropertyName() : at) + "'"
                    + (known.isEmpty() ? "" : " (known keys here: " + known + ")"));
        } catch (JsonMappingException e) {
            throw new ConfigException(source + ": bad value for '" + path(e) + "': " + e.getOriginalMessage()
                    .lines().findFirst().orElse(""));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (c == null) {
            throw new ConfigException(source + " is empty");
        }
        c.validate(source);
        return c;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    void validate(String src) {
        required(src, "data", data);
        required(src, "architecture", architecture);
        if (!ARCHITECTURES.contains(architecture)) {
            throw new ConfigException(src + ": architecture '" + architecture + "' is not supported (supported: "
                    + ARCHITECTURES + ")");
        }
        if (base == null) {
            if (pretrain == null) {
                throw new ConfigException(src + ": 'base' is required (a MobileNetV2 .tflite, scratch:mobilenet_v2[:width],"
                        + " or 'pretrain' with a pretrain section)");
            }
            base = FROM_PRETRAIN;
        }
        if (FROM_PRETRAIN.equals(base) && pretrain == null) {
            throw new ConfigException(src + ": base: pretrain needs a 'pretrain' section");
        }
        validateTraining(src, "training", training);
        if (pretrain != null) {
            required(src, "pretrain.data", pretrain.data);
            required(src, "pretrain.base", pretrain.base);
            if (FROM_PRETRAIN.equals(pretrain.base)) {
                throw new ConfigException(src + ": pretrain.base can not be 'pretrain'");
            }
            validateTraining(src, "pretrain.training", pretrain.training);
        }
        if (baseline != null) {
            if (baseline.base == null) {
                baseline.base = "scratch:mobilenet_v2";
            }
            if (baseline.training != null) {
                validateTraining(src, "baseline.training", baseline.training);
            }
        }
        if (compress == null) {
            compress = new Compress();
        }
        if (compress.variants == null || compress.variants.isEmpty()) {
            throw new ConfigException(src + ": compress.variants must list at least one of fp16, dynamic, int8");
        }
        for (String v : compress.variants) {
            if (!List.of("fp16", "dynamic", "int8").contains(v)) {
                throw new ConfigException(src + ": compress.variants: unknown variant '" + v + "' (known: fp16, dynamic, int8)");
            }
        }
        positive(src, "compress.calibrationImages", compress.calibrationImages);
        positive(src, "compress.runs", compress.runs);
        positive(src, "compress.threads", compress.threads);
        nonNegative(src, "compress.warmup", compress.warmup);
        if (budget == null) {
            throw new ConfigException(src + ": 'budget' is required (at least budget.device, e.g. raspberry-pi-4 or host)");
        }
        required(src, "budget.device", budget.device);
        if (deploy != null) {
            required(src, "deploy.target", deploy.target);
            positive(src, "deploy.runs", deploy.runs);
            positive(src, "deploy.threads", deploy.threads);
        }
    }

    private static void validateTraining(String src, String at, Training t) {
        if (t == null) {
            throw new ConfigException(src + ": '" + at + "' is empty");
        }
        String mode = t.mode == null ? null : t.mode.toLowerCase(Locale.ROOT);
        if (!"features".equals(mode) && !"finetune".equals(mode)) {
            throw new ConfigException(src + ": " + at + ".mode must be features or finetune, got '" + t.mode + "'");
        }
        positive(src, at + ".epochs", t.epochs);
        positive(src, at + ".batchSize", t.batchSize);
        if (t.learningRate == null || !(t.learningRate > 0)) {
            throw new ConfigException(src + ": " + at + ".learningRate must be positive, got " + t.learningRate);
        }
        if (t.valFraction == null || !(t.valFraction > 0 && t.valFraction < 1)) {
            throw new ConfigException(src + ": " + at + ".valFraction must be between 0 and 1, got " + t.valFraction);
        }
        nonNegative(src, at + ".imageSize", t.imageSize);
        nonNegative(src, at + ".patience", t.patience);
        nonNegative(src, at + ".limitPerSplit", t.limitPerSplit);
        required(src, at + ".freeze", t.freeze);
        if (t.seed == null || t.weightDecay == null || t.augment == null || t.centerCrop == null) {
            throw new ConfigException(src + ": " + at + ": seed, weightDecay, augment and centerCrop can not be null");
        }
    }

    private static void required(String src, String name, String v) {
        if (v == null || v.isBlank()) {
            throw new ConfigException(src + ": '" + name + "' is required");
        }
    }

    private static void positive(String src, String name, Integer v) {
        if (v == null || v < 1) {
            throw new ConfigException(src + ": " + name + " must be a positive integer, got " + v);
        }
    }

    private static void nonNegative(String src, String name, Integer v) {
        if (v == null || v < 0) {
            throw new ConfigException(src + ": " + name + " must be >= 0, got " + v);
        }
    }

    public String toYaml() {
        try {
            return yaml().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bad pipeline.yaml: the message names the file and the field. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
