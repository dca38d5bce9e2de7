package dev.edgetl.trainer.arch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/** MobileNetV1's block: 3x3 depthwise + BN + ReLU6, then 1x1 pointwise + BN + ReLU6. */
public final class DepthwiseSeparable extends AbstractBlock implements ConvSequence {
    private final ConvBn depthwise;
    private final ConvBn pointwise;

    public DepthwiseSeparable(int in, int out, int stride, Padding padding, float eps) {
        super((byte) 1);
        depthwise = addChildBlock("depthwise", new ConvBn(in, in, 3, stride, in, true, padding, eps));
        pointwise = addChildBlock("pointwise", new ConvBn(in, out, 1, 1, 1, true, padding, eps));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return pointwise.forward(ps, depthwise.forward(ps, inputs, training, params), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return pointwise.getOutputShapes(depthwise.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        depthwise.initialize(manager, dataType, inputShapes);
        pointwise.initialize(manager, dataType, depthwise.getOutputShapes(inputShapes));
    }

    @Override
    public List<ConvBn> units() {
        return java.util.Arrays.asList(depthwise, pointwise);
    }

    @Override
    public boolean residual() {
        return false;
    }
}
