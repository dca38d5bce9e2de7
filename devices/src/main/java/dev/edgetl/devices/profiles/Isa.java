package dev.edgetl.devices.profiles;

/** The SIMD features that change which kernels are fast: NEON (ASIMD), int8 dot product (SDOT/UDOT), fp16 arithmetic. */
public record Isa(boolean neon, boolean dotprod, boolean fp16, String extra, String source) {}
