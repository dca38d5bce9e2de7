package dev.edgetl.compressor.quantize;

import dev.edgetl.runtime.format.DType;
import dev.edgetl.runtime.format.OperatorSpec;
import dev.edgetl.runtime.format.TensorSpec;
import dev.edgetl.runtime.format.TfliteModel;

/** Refuses models that are not float: quantizing a quantized model would compound the error silently. */
public final class FloatModelCheck {
    private FloatModelCheck() {}

    public static void requireFloat(TfliteModel model) {
        for (int i = 0; i < model.inputs().length; i++) {
            TensorSpec t = model.input(i);
            if (t.dtype() != DType.FLOAT32) {
                throw new QuantizationException(model.source() + ": input " + t.describe()
                        + " is not float32; the compressor needs a float model");
            }
        }
        for (TensorSpec t : model.tensors()) {
            if (t.quantization().isPresent() || t.dtype() == DType.INT8 || t.dtype() == DType.UINT8
                    || t.dtype() == DType.FLOAT16) {
                throw new QuantizationException(model.source() + ": " + t.describe()
                        + " is already quantized (" + t.quantization() + "); the compressor needs a float model");
            }
        }
        for (OperatorSpec op : model.operators()) {
            if (op.builtinCode() == org.tensorflow.lite.schema.BuiltinOperator.DEQUANTIZE
                    || op.builtinCode() == org.tensorflow.lite.schema.BuiltinOperator.QUANTIZE) {
                throw new QuantizationException(model.source() + ": " + op.describe()
                        + " shows the model is already quantized; the compressor needs a float model");
            }
        }
    }
}
