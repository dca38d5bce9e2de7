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
 * MobileNetV2 (Sandler et al. 2018) with torchvision's layer sizes and channel rounding, as DJL blocks.
 * Split in a {@link #backbone()} (image -> pooled embedding {@code [N, lastChannels]}) and a {@link #head()}
 * (dropout + linear classifier) so transfer learning can replace or cache either side.
 */
public final class MobileNetV2 implements ClassifierNet {
    /** t (expansion), c (channels), n (repeats), s (stride of the first repeat). */
    private static final int[][] SETTINGS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    private final float width;
    private int numClasses;
    private final Padding padding;
    private final int lastChannels;
    private final SequentialBlock backbone = new SequentialBlock();
    private SequentialBlock head = new SequentialBlock();
    private SequentialBlock network = new SequentialBlock();
    private Linear classifier;
    private final Map<String, Block> units = new LinkedHashMap<>();
    private final List<ConvBn> convs = new ArrayList<>();

    /**
     * @param width width multiplier (1.0, 0.75, 0.5, 0.35 ...)
     * @param numClasses classifier outputs (1000 for torchvision, 1001 for TF's models with "background")
     * @param padding {@link Padding#TF_SAME} for TensorFlow weights, {@link Padding#TORCH} otherwise
     * @param bnEpsilon 1e-5 in torchvision, 1e-3 in TensorFlow
     */
    public MobileNetV2(float width, int numClasses, Padding padding, float bnEpsilon) {
        if (!(width > 0) || width > 4) {
            throw new IllegalArgumentException("width multiplier must be in (0, 4], got " + width);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        this.width = width;
        this.numClasses = numClasses;
        this.padding = padding;
        int in = makeDivisible(32 * width, 8);
        lastChannels = makeDivisible(1280 * Math.max(1.0f, width), 8);
        SequentialBlock features = new SequentialBlock();
        addUnit(features, "stem", new ConvBn(3, in, 3, 2, 1, true, padding, bnEpsilon));
        int index = 1;
        for (int[] s : SETTINGS) {
            int out = makeDivisible(s[1] * width, 8);
            for (int i = 0; i < s[2]; i++) {
                InvertedResidual block = new InvertedResidual(in, out, i == 0 ? s[3] : 1, s[0], padding, bnEpsilon);
                addUnit(features, "block" + index++, block);
                in = out;
            }
        }
        addUnit(features, "last", new ConvBn(in, lastChannels, 1, 1, 1, true, padding, bnEpsilon));
        backbone.add(features);
        backbone.addSingleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "globalAvgPool");
        classifier = Linear.builder().setUnits(numClasses).build();
        head.add(Dropout.builder().optRate(0.2f).build());
        head.add(classifier);
        network.add(backbone);
        network.add(head);
    }

    /**
     * Transfer learning: a new, uninitialised head (dropout + linear) for {@code classes} outputs. The backbone
     * blocks (and their weights) are kept; {@link #network()} becomes backbone + new head.
     */
    @Override
    public void replaceClassifier(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + classes);
        }
        numClasses = classes;
        classifier = Linear.builder().setUnits(classes).build();
        head = new SequentialBlock();
        head.add(Dropout.builder().optRate(0.2f).build());
        head.add(classifier);
        network = new SequentialBlock();
        network.add(backbone);
        network.add(head);
    }

    private void addUnit(SequentialBlock features, String name, Block block) {
        features.add(block);
        units.put(name, block);
        if (block instanceof ConvBn) {
            convs.add((ConvBn) block);
        } else if (block instanceof InvertedResidual) {
            convs.addAll(((InvertedResidual) block).units());
        }
    }

    /** torchvision's {@code _make_divisible}: round to a multiple of {@code divisor}, never below 90%. */
    static int makeDivisible(float v, int divisor) {
        int newV = Math.max(divisor, (int) (v + divisor / 2f) / divisor * divisor);
        if (newV < 0.9f * v) {
            newV += divisor;
        }
        return newV;
    }

    /** Image {@code [N,3,H,W]} -> embedding {@code [N, lastChannels]}. */
    @Override public SequentialBlock backbone() { return backbone; }
    /** Embedding -> logits (dropout 0.2 + linear). */
    @Override public SequentialBlock head() { return head; }
    /** backbone + head. */
    @Override public SequentialBlock network() { return network; }
    @Override public Linear classifier() { return classifier; }
    /** Every conv unit in forward order (stem, expand/depthwise/project per block, last). */
    @Override public List<ConvBn> convs() { return Collections.unmodifiableList(convs); }
    /** Named top-level units in forward order: stem, block1..block17, last (for freeze policies). */
    @Override public Map<String, Block> units() { return Collections.unmodifiableMap(units); }
    @Override public int lastChannels() { return lastChannels; }
    @Override public int numClasses() { return numClasses; }
    @Override public String architecture() { return "mobilenet_v2"; }
    @Override public float width() { return width; }
    @Override public Padding padding() { return padding; }
}
