package dev.edgetl.trainer.arch;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Map;

/**
 * A convolutional classifier made of {@link ConvBn} units, split into a backbone (image {@code [N,3,H,W]} ->
 * pooled embedding {@code [N, lastChannels]}) and a head (dropout + linear). What importers, transfer learning,
 * freeze policies and the exporter need from an architecture (MobileNetV1, MobileNetV2).
 */
public interface ClassifierNet {
    /** {@code mobilenet_v1}, {@code mobilenet_v2}: the name used by {@code --arch} and the model card. */
    String architecture();

    float width();

    SequentialBlock backbone();

    SequentialBlock head();

    /** backbone + head. */
    SequentialBlock network();

    Linear classifier();

    /** Every conv unit in forward order. */
    List<ConvBn> convs();

    /**
     * Named top-level units in forward order (for freeze policies and the exporter): {@link ConvBn},
     * {@link ConvSequence}, {@link ShuffleNetV2.Unit} or {@link ShuffleNetV2.MaxPool3x3s2}.
     */
    Map<String, Block> units();

    int lastChannels();

    int numClasses();

    Padding padding();

    /** Transfer learning: a new, uninitialised head for {@code classes} outputs; the backbone is kept. */
    void replaceClassifier(int classes);
}
