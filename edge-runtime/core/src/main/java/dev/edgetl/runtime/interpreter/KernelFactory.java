package dev.edgetl.runtime.interpreter;

/**
 * Prepares one operator: validates the types, shapes and options it finds in the context and returns the
 * kernel that runs it. Errors are {@link dev.edgetl.runtime.format.ModelFormatException}s made with
 * {@link OpContext#error(String)} so that they name the operator and tensor at fault.
 */
@FunctionalInterface
public interface KernelFactory {
    Kernel create(OpContext ctx);
}
