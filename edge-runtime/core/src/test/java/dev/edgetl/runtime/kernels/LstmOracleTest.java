package dev.edgetl.runtime.kernels;

import static dev.edgetl.runtime.kernels.LayoutOpModels.assertRefused;
import static dev.edgetl.runtime.kernels.LayoutOpModels.oracleRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgetl.runtime.format.ModelReader;
import dev.edgetl.runtime.format.TfliteModel;
import dev.edgetl.runtime.interpreter.Interpreter;
import dev.edgetl.runtime.interpreter.InterpreterOptions;
import dev.edgetl.runtime.testing.LstmModels;
import dev.edgetl.runtime.testing.OracleCheck;
import dev.edgetl.runtime.testing.TfliteOracle;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.ActivationFunctionType;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM against TensorFlow Lite 2.21: float within 1e-5 relative, over three successive
 * runs on different inputs (the variable state persists between runs in both) and a run after
 * resetVariableTensors on both sides (the state goes back to zero: the first result comes back).
 */
class LstmOracleTest {
    private static final float TOL = 1e-5f;

    /** Runs ours and TFLite side by side: run, run, run, reset, run again on the first input. */
    static void assertSameOverRunsAndReset(byte[] model, long seed, String label) throws Exception {
        TfliteModel m = ModelReader.read(model, label);
        Random rnd = new Random(seed);
        byte[][] inputs = new byte[3][];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = OracleCheck.randomTensorBytes(m.input(0), rnd);
        }
        try (Interpreter ours = Interpreter.create(m, InterpreterOptions.defaults());
                TfliteOracle oracle = TfliteOracle.load(model)) {
            float[] first = null;
            for (int k = 0; k < inputs.length; k++) {
                float[] o = runOurs(ours, inputs[k]);
                float[] t = OracleCheck.floats(oracle.run(inputs[k]).get(0));
                OracleCheck.assertFloatsClose(o, t, TOL, label + " run " + (k + 1));
                if (k == 0) {
                    first = o;
                }
            }
            ours.resetVariableTensors();
            oracle.resetVariableTensors();
            float[] again = runOurs(ours, inputs[0]);
            OracleCheck.assertFloatsClose(again, OracleCheck.floats(oracle.run(inputs[0]).get(0)), TOL,
                    label + " after reset");
            assertThat(again).as(label + ": reset gives the first run's result bit for bit").containsExactly(first);
        }
    }

    private static float[] runOurs(Interpreter it, byte[] input) {
        it.setInputBytes(0, input);
        it.run();
        return it.outputAsFloats(0);
    }

    @ParameterizedTest(name = "L={0} F={1} cells={2} batch={3} timeMajor={4}")
    @CsvSource({"1,1,1,1,false", "5,3,4,1,false", "20,8,32,1,false", "10,1,8,1,false", "7,2,5,2,false",
        "7,2,5,2,true", "3,8,16,2,true", "12,4,1,1,true", "20,5,32,2,false", "2,6,3,1,true"})
    void matchesTfliteAcrossShapes(int length, int features, int cells, int batch, boolean timeMajor)
            throws Exception {
        LstmModels b = new LstmModels();
        b.length = length;
        b.features = features;
        b.cells = cells;
        b.batch = batch;
        b.timeMajor = timeMajor;
        b.seed = 31L * length + features;
        assertSameOverRunsAndReset(b.build(), length * 100L + cells, "lstm " + length + "x" + features + "x" + cells);
    }

    @ParameterizedTest(name = "activation={0} cellClip={1}")
    @CsvSource({"4,0.3", "1,0", "3,0", "2,0", "1,2.5"})
    void matchesTfliteForOtherActivationsAndCellClip(byte activation, float cellClip) throws Exception {
        LstmModels b = new LstmModels();
        b.length = 9;
        b.features = 4;
        b.cells = 6;
        b.activation = activation;
        b.cellClip = cellClip;
        assertSameOverRunsAndReset(b.build(), 7, "lstm activation " + activation + " clip " + cellClip);
    }

    /** The soft-sensor contract's model: LSTM -> STRIDED_SLICE (last step) -> FULLY_CONNECTED. */
    @ParameterizedTest(name = "L={0} F={1} cells={2} targets={3} batch={4}")
    @CsvSource({"10,5,16,1,1", "20,8,32,2,1", "4,2,3,3,2"})
    void contractModelMatchesTflite(int length, int features, int cells, int targets, int batch) throws Exception {
        LstmModels b = new LstmModels();
        b.length = length;
        b.features = features;
        b.cells = cells;
        b.headOutputs = targets;
        b.batch = batch;
        byte[] model = b.build();
        assertSameOverRunsAndReset(model, 11, "lstm head");
        try (Interpreter it = Interpreter.create(ModelReader.read(model, "head"))) {
            assertThat(it.executedOps()).containsExactly("UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE",
                    "FULLY_CONNECTED");
        }
    }

    /** Hybrid: int8 per-tensor weights, float activations (TFLite's dynamic-range quantized LSTM). */
    @ParameterizedTest(name = "L={0} F={1} cells={2} batch={3} timeMajor={4} asymmetric={5}")
    @CsvSource({"1,1,1,1,false,false", "5,3,4,1,false,false", "20,8,32,1,false,false", "7,2,5,2,false,false",
        "7,2,5,2,true,false", "5,3,4,1,false,true", "20,8,32,1,false,true", "7,2,5,2,true,true"})
    void hybridMatchesTflite(int length, int features, int cells, int batch, boolean timeMajor, boolean asymmetric)
            throws Exception {
        LstmModels b = new LstmModels();
        b.length = length;
        b.features = features;
        b.cells = cells;
        b.batch = batch;
        b.timeMajor = timeMajor;
        b.hybrid = true;
        b.asymmetricQuantizeInputs = asymmetric;
        b.seed = 17L * length + cells;
        assertSameOverRunsAndReset(b.build(), 3L * length + features, "hybrid lstm " + length + "x" + features + "x"
                + cells + (asymmetric ? " asymmetric" : ""));
    }

    @Test
    void stateStartsAtZeroAndPersists() throws Exception {
        LstmModels b = new LstmModels();
        b.cells = 3;
        TfliteModel m = ModelReader.read(b.build(), "state");
        byte[] in = OracleCheck.randomTensorBytes(m.input(0), new Random(3));
        try (Interpreter fresh = Interpreter.create(m); Interpreter used = Interpreter.create(m)) {
            float[] firstFresh = runOurs(fresh, in);
            float[] first = runOurs(used, in);
            float[] second = runOurs(used, in);
            assertThat(first).containsExactly(firstFresh);
            assertThat(second).as("the second run starts from the first run's final state").isNotEqualTo(first);
        }
    }

    @Test
    void malformedModelsAreRefusedNamingTheInput() {
        String op = "UNIDIRECTIONAL_SEQUENCE_LSTM";
        LstmModels wrongShape = new LstmModels();
        wrongShape.recurrentShapeOverride = new int[] {4, 3};
        assertRefused(wrongShape.build(), op, "input 5 (recurrent_to_input_weights)");
        assertThat(oracleRefuses(wrongShape.build())).isTrue();

        LstmModels missing = new LstmModels();
        missing.dropInputToForget = true;
        assertRefused(missing.build(), op, "input 2 (input_to_forget_weights) is missing");

        LstmModels notVariable = new LstmModels();
        notVariable.variableState = false;
        // A state tensor that is neither variable nor written by anyone is caught by the reader already.
        assertRefused(notVariable.build(), op, "'output_state' FLOAT32[1, 4] before any operator has written it");

        LstmModels peephole = new LstmModels();
        peephole.withPeephole = true;
        assertRefused(peephole.build(), op, "input 9 (cell_to_input_weights)");

        LstmModels none = new LstmModels();
        none.activation = ActivationFunctionType.NONE;
        assertRefused(none.build(), op, "fused_activation_function 0 is not supported");

        LstmModels perChannel = new LstmModels();
        perChannel.hybrid = true;
        byte[] hybridModel = perChannel.build();
        // Make input 3's weights look per-channel: two scales instead of one.
        org.tensorflow.lite.schema.ModelT mt = dev.edgetl.runtime.format.ModelWriter.unpack(
                dev.edgetl.runtime.format.ModelReader.read(hybridModel, "hybrid"));
        org.tensorflow.lite.schema.TensorT w3 = mt.getSubgraphs()[0].getTensors()[
                mt.getSubgraphs()[0].getOperators()[0].getInputs()[3]];
        float s = w3.getQuantization().getScale()[0];
        w3.getQuantization().setScale(new float[] {s, s, s, s});
        w3.getQuantization().setZeroPoint(new long[4]);
        assertRefused(dev.edgetl.runtime.format.ModelWriter.toBytes(mt), op,
                "input 3 (input_to_cell_weights) tensor 7 'w_c' INT8[4, 3] must be int8 with one scale and zero point 0");

        // Mixed float and int8 weight matrices.
        org.tensorflow.lite.schema.ModelT mixed = dev.edgetl.runtime.format.ModelWriter.unpack(
                dev.edgetl.runtime.format.ModelReader.read(new LstmModels().build(), "float"));
        org.tensorflow.lite.schema.TensorT w1 = mixed.getSubgraphs()[0].getTensors()[
                mixed.getSubgraphs()[0].getOperators()[0].getInputs()[6]];
        w1.setType(dev.edgetl.runtime.format.DType.INT8.code());
        w1.setShape(new int[] {4, 16});
        assertRefused(dev.edgetl.runtime.format.ModelWriter.toBytes(mixed), op,
                "input 6 (recurrent_to_forget_weights)");

        LstmModels fewInputs = new LstmModels();
        fewInputs.inputCount = 19;
        assertRefused(fewInputs.build(), op, "takes 20 or 24");
    }

    @Test
    void twentyInputFormWithoutLayerNormMatches() throws Exception {
        LstmModels b = new LstmModels();
        b.inputCount = 20;
        assertSameOverRunsAndReset(b.build(), 5, "20-input lstm");
    }
}
