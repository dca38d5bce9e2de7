package dev.edgetl.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** MobileNetV2's bottleneck: optional 1x1 expansion, 3x3 depthwise, linear 1x1 projection, residual when shapes allow. */
public final class InvertedResidual extends AbstractBlock implements ConvSequence {
    private final List<ConvBn> units = new ArrayList<>();
    private final boolean residual;

    public InvertedResidual(int in, int out, int stride, int expandRatio, Padding padding, float eps) {
        super((byte) 1);
        int hidden = Math.round(in * (float) expandRatio);
        if (expandRatio != 1) {
            units.add(addChildBlock("expand", new ConvBn(in, hidden, 1, 1, 1, true, padding, eps)));
        }
        units.add(addChildBlock("depthwise", new ConvBn(hidden, hidden, 3, stride, hidden, true, padding, eps)));
        units.add(addChildBlock("project", new ConvBn(hidden, out, 1, 1, 1, false, padding, eps)));
        residual = stride == 1 && in == out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        for (ConvBn u : units) {
            x = u.forward(ps, x, training, params);
        }
        if (residual) {
            NDArray sum = x.singletonOrThrow().add(inputs.singletonOrThrow());
            return new NDList(sum);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (ConvBn u : units) {
            s = u.getOutputShapes(s);
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (ConvBn u : units) {
            u.initialize(manager, dataType, s);
            s = u.getOutputShapes(s);
        }
    }

    @Override
    public List<ConvBn> units() {
        return Collections.unmodifiableList(units);
    }

    @Override
    public boolean residual() {
        return residual;
    }
}
