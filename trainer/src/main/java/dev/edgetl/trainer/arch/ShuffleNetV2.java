package dev.edgetl.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** ShuffleNetV2 (Ma et al. 2018) x0.5 / x1.0 with torchvision's layers (BN eps 1e-5, PyTorch padding). */
public final class ShuffleNetV2 {
    private static final float EPS = 1e-5f;

    private ShuffleNetV2() {}

    /** @param scale "0.5" or "1.0" */
    public static SequentialBlock build(String scale, int numClasses) {
        int[] ch;
        switch (scale) {
            case "0.5":
                ch = new int[] {24, 48, 96, 192, 1024};
                break;
            case "1.0":
                ch = new int[] {24, 116, 232, 464, 1024};
                break;
            default:
                throw new IllegalArgumentException("unknown ShuffleNetV2 scale '" + scale + "': 0.5 or 1.0");
        }
        int[] repeats = {4, 8, 4};
        SequentialBlock net = new SequentialBlock();
        net.add(new ConvBn(3, ch[0], 3, 2, 1, false, true, Padding.TORCH, EPS));
        net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = ch[0];
        for (int s = 0; s < 3; s++) {
            int out = ch[s + 1];
            net.add(new Unit(in, out, 2));
            for (int r = 1; r < repeats[s]; r++) {
                net.add(new Unit(out, out, 1));
            }
            in = out;
        }
        net.add(new ConvBn(in, ch[4], 1, 1, 1, false, true, Padding.TORCH, EPS));
        net.addSingleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "globalAvgPool");
        net.add(Linear.builder().setUnits(numClasses).build());
        return net;
    }

    /** torchvision's InvertedResidual: channel split (stride 1) or two branches (stride 2), concat, shuffle. */
    static final class Unit extends AbstractBlock {
        private final List<ConvBn> branch1 = new ArrayList<>();
        private final List<ConvBn> branch2 = new ArrayList<>();
        private final int stride;

        Unit(int in, int out, int stride) {
            super((byte) 1);
            this.stride = stride;
            int bf = out / 2;
            if (stride > 1) {
                branch1.add(addChildBlock("b1dw", new ConvBn(in, in, 3, stride, in, false, false, Padding.TORCH, EPS)));
                branch1.add(addChildBlock("b1pw", new ConvBn(in, bf, 1, 1, 1, false, true, Padding.TORCH, EPS)));
            }
            int b2in = stride > 1 ? in : bf;
            branch2.add(addChildBlock("b2pw1", new ConvBn(b2in, bf, 1, 1, 1, false, true, Padding.TORCH, EPS)));
            branch2.add(addChildBlock("b2dw", new ConvBn(bf, bf, 3, stride, bf, false, false, Padding.TORCH, EPS)));
            branch2.add(addChildBlock("b2pw2", new ConvBn(bf, bf, 1, 1, 1, false, true, Padding.TORCH, EPS)));
        }

        private static NDList run(List<ConvBn> units, ParameterStore ps, NDList x, boolean training,
                PairList<String, Object> params) {
            for (ConvBn u : units) {
                x = u.forward(ps, x, training, params);
            }
            return x;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray a;
            NDArray b;
            if (stride == 1) {
                NDList halves = x.split(2, 1);
                a = halves.get(0);
                b = run(branch2, ps, new NDList(halves.get(1)), training, params).singletonOrThrow();
            } else {
                a = run(branch1, ps, inputs, training, params).singletonOrThrow();
                b = run(branch2, ps, inputs, training, params).singletonOrThrow();
            }
            NDArray out = NDArrays.concat(new NDList(a, b), 1);
            Shape s = out.getShape();
            // channel shuffle with 2 groups
            out = out.reshape(s.get(0), 2, s.get(1) / 2, s.get(2), s.get(3)).transpose(0, 2, 1, 3, 4).reshape(s);
            return new NDList(out);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            Shape[] b2 = stride == 1 ? new Shape[] {new Shape(in[0].get(0), in[0].get(1) / 2, in[0].get(2), in[0].get(3))} : in;
            for (ConvBn u : branch2) {
                b2 = u.getOutputShapes(b2);
            }
            return new Shape[] {new Shape(b2[0].get(0), b2[0].get(1) * 2, b2[0].get(2), b2[0].get(3))};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... in) {
            Shape[] s = in;
            for (ConvBn u : branch1) {
                u.initialize(manager, dataType, s);
                s = u.getOutputShapes(s);
            }
            s = stride == 1 ? new Shape[] {new Shape(in[0].get(0), in[0].get(1) / 2, in[0].get(2), in[0].get(3))} : in;
            for (ConvBn u : branch2) {
                u.initialize(manager, dataType, s);
                s = u.getOutputShapes(s);
            }
        }
    }
}
