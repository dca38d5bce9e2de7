package dev.edgetl.runtime.interpreter;

/** One prepared operator: all shapes checked, weights decoded and packed, scratch allocated. */
@FunctionalInterface
public interface Kernel {
    /** Runs the operator once; must not allocate in steady state. */
    void run();
}
