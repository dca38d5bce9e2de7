package dev.edgetl.trainer.arch;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MobileNetV1 (Howard et al. 2017) as in TF-slim / Keras: a 3x3 stride-2 stem, 13 depthwise-separable blocks,
 * global average pooling, dropout, and a linear classifier (Keras and TF-slim write it as a 1x1 conv with bias,
 * the same computation on a 1x1 map). Channels are {@code max(8, int(c * width))}. At width 1.0 / 1000 classes
 * it has Keras' 4,231,976 trainable parameters (4,253,864 with the BN moving statistics).
 */
public final class MobileNetV1 implements ClassifierNet {
    /** Output channels and stride of the 13 depthwise-separable blocks. */
    private static final int[][] BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1},
    };

    private final float width;
    private int numClasses;
    private final Padding padding;
    private final float dropout;
    private final int lastChannels;
    private final SequentialBlock backbone = new SequentialBlock();
    private SequentialBlock head;
    private SequentialBlock network;
    private Linear classifier;
    private final Map<String, Block> units = new LinkedHashMap<>();
    private final List<ConvBn> convs = new ArrayList<>();

    /**
     * @param width width multiplier (1.0, 0.75, 0.5, 0.25)
     * @param numClasses 1000 (Keras) or 1001 (TF-slim, with "background")
     * @param padding {@link Padding#TF_SAME} for TensorFlow weights
     * @param bnEpsilon 1e-3 in Keras / TF-slim
     */
    public MobileNetV1(float width, int numClasses, Padding padding, float bnEpsilon) {
        if (!(width > 0) || width > 4) {
            throw new IllegalArgumentException("width multiplier must be in (0, 4], got " + width);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        this.width = width;
        this.numClasses = numClasses;
        this.padding = padding;
        this.dropout = 1e-3f; // Keras' default for MobileNet
        SequentialBlock features = new SequentialBlock();
        int in = depth(32, width);
        addUnit(features, "stem", new ConvBn(3, in, 3, 2, 1, true, padding, bnEpsilon));
        for (int i = 0; i < BLOCKS.length; i++) {
            int out = depth(BLOCKS[i][0], width);
            addUnit(features, "block" + (i + 1), new DepthwiseSeparable(in, out, BLOCKS[i][1], padding, bnEpsilon));
            in = out;
        }
        lastChannels = in;
        backbone.add(features);
        backbone.addSingleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "globalAvgPool");
        replaceClassifier(numClasses);
    }

    /** TF-slim's {@code max(int(c * width), min_depth=8)}; Keras' {@code int(c * alpha)} for the usual widths. */
    static int depth(int channels, float width) {
        return Math.max(8, (int) (channels * width));
    }

    private void addUnit(SequentialBlock features, String name, Block block) {
        features.add(block);
        units.put(name, block);
        if (block instanceof ConvBn) {
            convs.add((ConvBn) block);
        } else {
            convs.addAll(((ConvSequence) block).units());
        }
    }

    @Override
    public void replaceClassifier(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + classes);
        }
        numClasses = classes;
        classifier = Linear.builder().setUnits(classes).build();
        head = new SequentialBlock();
        head.add(Dropout.builder().optRate(dropout).build());
        head.add(classifier);
        network = new SequentialBlock();
        network.add(backbone);
        network.add(head);
    }

    @Override public String architecture() { return "mobilenet_v1"; }
    @Override public float width() { return width; }
    @Override public SequentialBlock backbone() { return backbone; }
    @Override public SequentialBlock head() { return head; }
    @Override public SequentialBlock network() { return network; }
    @Override public Linear classifier() { return classifier; }
    @Override public List<ConvBn> convs() { return Collections.unmodifiableList(convs); }
    @Override public Map<String, Block> units() { return Collections.unmodifiableMap(units); }
    @Override public int lastChannels() { return lastChannels; }
    @Override public int numClasses() { return numClasses; }
    @Override public Padding padding() { return padding; }
}
