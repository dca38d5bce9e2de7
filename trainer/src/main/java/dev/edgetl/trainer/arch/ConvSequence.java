package dev.edgetl.trainer.arch;

import java.util.List;

/** A unit made of {@link ConvBn}s applied in order, optionally with a residual connection around them. */
public interface ConvSequence {
    List<ConvBn> units();

    /** True: the output is the last unit's output plus the block's input. */
    boolean residual();
}
