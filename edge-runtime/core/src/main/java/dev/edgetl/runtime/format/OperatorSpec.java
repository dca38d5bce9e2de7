package dev.edgetl.runtime.format;

import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Operator;

/**
 * One operator of a validated model. {@code options} is the schema table itself, so kernels read their
 * options through the generated classes ({@code options.builtinOptions(new Conv2DOptions())}).
 * Optional inputs are -1, as in TFLite.
 */
public final class OperatorSpec {
    private final int index;
    private final int builtinCode;
    private final String customCode;
    private final int version;
    private final int[] inputs;
    private final int[] outputs;
    private final Operator options;

    public OperatorSpec(int index, int builtinCode, String customCode, int version, int[] inputs, int[] outputs, Operator options) {
        this.index = index;
        this.builtinCode = builtinCode;
        this.customCode = customCode;
        this.version = version;
        this.inputs = inputs;
        this.outputs = outputs;
        this.options = options;
    }

    public int index() {
        return index;
    }

    public int builtinCode() {
        return builtinCode;
    }

    public String customCode() {
        return customCode;
    }

    public int version() {
        return version;
    }

    public int[] inputs() {
        return inputs;
    }

    public int[] outputs() {
        return outputs;
    }

    public Operator options() {
        return options;
    }


    public String opName() {
        return opName(builtinCode, customCode);
    }

    public static String opName(int builtinCode, String customCode) {
        if (builtinCode == BuiltinOperator.CUSTOM) {
            return "CUSTOM(" + customCode + ")";
        }
        if (builtinCode >= 0 && builtinCode < BuiltinOperator.names.length) {
            return BuiltinOperator.name(builtinCode);
        }
        return "BUILTIN#" + builtinCode;
    }

    public String describe() {
        return "operator " + index + " (" + opName() + " v" + version + ")";
    }

    public int input(int i) {
        return i < inputs.length ? inputs[i] : -1;
    }
}
