package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.format.OperatorSpec;

/**
 * Called after each executed operator while its outputs are still intact in the arena (calibration,
 * per-layer debugging). Folded operators ran at prepare time and are not reported.
 */
@FunctionalInterface
public interface OpObserver {
    void afterOp(OperatorSpec op, Interpreter interpreter);
}
