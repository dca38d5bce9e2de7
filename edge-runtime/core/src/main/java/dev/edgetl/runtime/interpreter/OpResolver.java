package dev.edgetl.runtime.interpreter;

import dev.edgetl.runtime.format.ModelFormatException;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TfliteModel;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps builtin operator codes to kernel factories, like TFLite Micro's MutableOpResolver: register only the
 * ops a model needs, or all of them with {@link dev.edgetl.runtime.kernels.BuiltinKernels#all()}.
 */
public final class OpResolver {
    private final Map<Integer, KernelFactory> factories = new HashMap<>();

    public OpResolver register(int builtinCode, KernelFactory factory) {
        factories.put(builtinCode, factory);
        return this;
    }

    public KernelFactory find(int builtinCode) {
        return factories.get(builtinCode);
    }

    public boolean supports(int builtinCode) {
        return factories.containsKey(builtinCode);
    }

    public TreeSet<String> supportedOpNames() {
        TreeSet<String> names = new TreeSet<>();
        for (int code : factories.keySet()) {
            names.add(OperatorSpec.opName(code, null));
        }
        return names;
    }

    /** Refuses a model up front when any operator is missing, naming the first one and its index. */
    public void checkSupported(TfliteModel model) {
        for (OperatorSpec op : model.operators()) {
            if (!supports(op.builtinCode())) {
                throw new ModelFormatException(model.source() + ": " + op.describe()
                        + " is not supported by edge-runtime (supported: " + supportedOpNames() + ")");
            }
        }
    }
}
