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
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ShuffleNetV2 (Ma et al. 2018) x0.5 / x1.0 with torchvision's layers (BN eps 1e-5, PyTorch padding), as a
 * {@link ClassifierNet}: backbone = stem conv, max pool, 16 shuffle units, last 1x1 conv, global average pool;
 * head = the linear classifier (torchvision has no dropout here).
 */
public final class ShuffleNetV2 implements ClassifierNet {
    private static final float EPS = 1e-5f;

    private final String scale;
    private final float width;
    private final Padding padding;
    private final int lastChannels;
    private int numClasses;
    private final SequentialBlock backbone = new SequentialBlock();
    private SequentialBlock head;
    private SequentialBlock network;
    private Linear classifier;
    private final Map<String, Block> units = new LinkedHashMap<>();
    private final List<ConvBn> convs = new ArrayList<>();

    /**
     * @param scale "0.5" or "1.0"
     * @param padding {@link Padding#TORCH} for torchvision weights
     */
    public ShuffleNetV2(String scale, int numClasses, Padding padding) {
        int[] ch = channels(scale);
        this.scale = scale;
        this.width = Float.parseFloat(scale);
        this.padding = padding;
        this.numClasses = numClasses;
        SequentialBlock features = new SequentialBlock();
        add(features, "stem", new ConvBn(3, ch[0], 3, 2, 1, false, true, padding, EPS));
        add(features, "pool", new MaxPool3x3s2(padding));
        int in = ch[0];
        int[] repeats = {4, 8, 4};
        for (int s = 0; s < 3; s++) {
            int out = ch[s + 1];
            for (int r = 0; r < repeats[s]; r++) {
                add(features, "stage" + (s + 2) + "_" + (r + 1), new Unit(r == 0 ? in : out, out, r == 0 ? 2 : 1, padding));
            }
            in = out;
        }
        add(features, "last", new ConvBn(in, ch[4], 1, 1, 1, false, true, padding, EPS));
        lastChannels = ch[4];
        backbone.add(features);
        backbone.addSingleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "globalAvgPool");
        replaceClassifier(numClasses);
    }

    private void add(SequentialBlock features, String name, Block b) {
        features.add(b);
        units.put(name, b);
        if (b instanceof ConvBn) {
            convs.add((ConvBn) b);
        } else if (b instanceof Unit) {
            convs.addAll(((Unit) b).convs());
        }
    }

    private static int[] channels(String scale) {
        switch (scale) {
            case "0.5":
                return new int[] {24, 48, 96, 192, 1024};
            case "1.0":
                return new int[] {24, 116, 232, 464, 1024};
            default:
                throw new IllegalArgumentException("unknown ShuffleNetV2 scale '" + scale + "': 0.5 or 1.0");
        }
    }

    /** torchvision's layout as one flat block (the ONNX importer's target). */
    public static SequentialBlock build(String scale, int numClasses) {
        int[] ch = channels(scale);
        int[] repeats = {4, 8, 4};
        SequentialBlock net = new SequentialBlock();
        net.add(new ConvBn(3, ch[0], 3, 2, 1, false, true, Padding.TORCH, EPS));
        net.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = ch[0];
        for (int s = 0; s < 3; s++) {
            int out = ch[s + 1];
            net.add(new Unit(in, out, 2, Padding.TORCH));
            for (int r = 1; r < repeats[s]; r++) {
                net.add(new Unit(out, out, 1, Padding.TORCH));
            }
            in = out;
        }
        net.add(new ConvBn(in, ch[4], 1, 1, 1, false, true, Padding.TORCH, EPS));
        net.addSingleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "globalAvgPool");
        net.add(Linear.builder().setUnits(numClasses).build());
        return net;
    }

    @Override
    public void replaceClassifier(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + classes);
        }
        numClasses = classes;
        classifier = Linear.builder().setUnits(classes).build();
        head = new SequentialBlock();
        head.add(classifier);
        network = new SequentialBlock();
        network.add(backbone);
        network.add(head);
    }

    @Override public String architecture() { return "shufflenet_v2"; }
    /** "0.5" or "1.0". */
    public String scale() { return scale; }
    @Override public float width() { return width; }
    @Override public SequentialBlock backbone() { return backbone; }
    @Override public SequentialBlock head() { return head; }
    @Override public SequentialBlock network() { return network; }
    @Override public Linear classifier() { return classifier; }
    @Override public List<ConvBn> convs() { return Collections.unmodifiableList(convs); }
    @Override public Map<String, Block> units() { return Collections.unmodifiableMap(units); }
    @Override public int lastChannels() { return lastChannels; }
    @Override public int numClasses() { return numClasses; }
    @Override public Padding padding() { return padding; }

    /**
     * The stem's 3x3 stride-2 max pool: PyTorch pads 1 on each side ({@link Padding#TORCH}), TF "SAME" asymmetrically.
     * It follows a ReLU, so zero padding equals PyTorch's -inf padding (every window holds a value >= 0).
     */
    public static final class MaxPool3x3s2 extends AbstractBlock {
        private final Padding padding;

        public MaxPool3x3s2(Padding padding) {
            super((byte) 1);
            this.padding = padding;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            int[] ph = padding.pads((int) x.getShape().get(2), 3, 2);
            int[] pw = padding.pads((int) x.getShape().get(3), 3, 2);
            x = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
            return new NDList(Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            Shape s = in[0];
            return new Shape[] {new Shape(s.get(0), s.get(1), padding.outputSize((int) s.get(2), 3, 2),
                padding.outputSize((int) s.get(3), 3, 2))};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            // no parameters
        }

        public Padding padding() {
            return padding;
        }
    }

    /** torchvision's InvertedResidual: channel split (stride 1) or two branches (stride 2), concat, shuffle. */
    public static final class Unit extends AbstractBlock {
        private final List<ConvBn> branch1 = new ArrayList<>();
        private final List<ConvBn> branch2 = new ArrayList<>();
        private final int stride;

        Unit(int in, int out, int stride, Padding padding) {
            super((byte) 1);
            this.stride = stride;
            int bf = out / 2;
            if (stride > 1) {
                branch1.add(addChildBlock("b1dw", new ConvBn(in, in, 3, stride, in, false, false, padding, EPS)));
                branch1.add(addChildBlock("b1pw", new ConvBn(in, bf, 1, 1, 1, false, true, padding, EPS)));
            }
            int b2in = stride > 1 ? in : bf;
            branch2.add(addChildBlock("b2pw1", new ConvBn(b2in, bf, 1, 1, 1, false, true, padding, EPS)));
            branch2.add(addChildBlock("b2dw", new ConvBn(bf, bf, 3, stride, bf, false, false, padding, EPS)));
            branch2.add(addChildBlock("b2pw2", new ConvBn(bf, bf, 1, 1, 1, false, true, padding, EPS)));
        }

        /** Every conv: branch 1 (stride 2 only), then branch 2. */
        public List<ConvBn> convs() {
            List<ConvBn> all = new ArrayList<>(branch1);
            all.addAll(branch2);
            return all;
        }

        public List<ConvBn> branch1() {
            return Collections.unmodifiableList(branch1);
        }

        public List<ConvBn> branch2() {
            return Collections.unmodifiableList(branch2);
        }

        public int stride() {
            return stride;
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
