package dev.edgetl.trainer.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Convolution (no bias) + BatchNorm + optional ReLU6: the unit MobileNets are made of. Written as one block
 * (not Conv2d + BatchNorm blocks) so that importers and the exporter see the conv and its BN together, and so
 * that a frozen unit runs its BatchNorm in inference mode: {@code freezeParameters} alone would still update the
 * running statistics in training mode.
 */
public final class ConvBn extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int groups;
    private final boolean relu6;
    private final boolean relu;
    private final Padding padding;
    private final float epsilon;
    private final float momentum;
    private boolean bnFrozen;
    /** Per-channel sum / sum of squares / count of the conv output (before BN) while collecting statistics. */
    private double[] statSum;
    private double[] statSq;
    private long statCount;

    private final Parameter weight;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public ConvBn(int inChannels, int outChannels, int kernel, int stride, int groups, boolean relu6, Padding padding,
            float epsilon) {
        this(inChannels, outChannels, kernel, stride, groups, relu6, false, padding, epsilon);
    }

    /** With a plain ReLU instead of ReLU6 when {@code relu} (ShuffleNetV2). */
    public ConvBn(int inChannels, int outChannels, int kernel, int stride, int groups, boolean relu6, boolean relu,
            Padding padding, float epsilon) {
        super(VERSION);
        if (relu6 && relu) {
            throw new IllegalArgumentException("ReLU or ReLU6, not both");
        }
        this.relu = relu;
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + inChannels + "->" + outChannels + " not divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.groups = groups;
        this.relu6 = relu6;
        this.padding = padding;
        this.epsilon = epsilon;
        this.momentum = 0.9f; // DJL's convention (PyTorch momentum 0.1)
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outChannels, inChannels / groups, kernel, kernel)).build());
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(outChannels)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(outChannels)).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(new Shape(outChannels)).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(new Shape(outChannels)).optRequiresGrad(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        int[] ph = padding.pads((int) h, kernel, stride);
        int[] pw = padding.pads((int) w, kernel, stride);
        Shape convPad;
        if (ph[0] == ph[1] && pw[0] == pw[1]) {
            convPad = new Shape(ph[0], pw[0]);
        } else {
            // Asymmetric TF "SAME": pad explicitly (torch order: last axis first), then a valid convolution.
            x = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
            convPad = new Shape(0, 0);
        }
        NDArray wv = ps.getValue(weight, x.getDevice(), training);
        NDArray y = Conv2d.conv2d(x, wv, null, new Shape(stride, stride), convPad, new Shape(1, 1), groups)
                .singletonOrThrow();
        if (statSum != null) {
            collect(y);
        }
        boolean bnTraining = training && !bnFrozen;
        y = BatchNorm.batchNorm(y,
                ps.getValue(runningMean, x.getDevice(), training),
                ps.getValue(runningVar, x.getDevice(), training),
                ps.getValue(gamma, x.getDevice(), training),
                ps.getValue(beta, x.getDevice(), training),
                1, momentum, epsilon, bnTraining).singletonOrThrow();
        if (relu6) {
            y = y.clip(0f, 6f);
        } else if (relu) {
            y = ai.djl.nn.Activation.relu(y);
        }
        return new NDList(y);
    }

    private void collect(NDArray y) {
        NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(outChannels, -1);
        float[] sum = perChannel.sum(new int[] {1}).toFloatArray();
        float[] sq = perChannel.square().sum(new int[] {1}).toFloatArray();
        for (int c = 0; c < outChannels; c++) {
            statSum[c] += sum[c];
            statSq[c] += sq[c];
        }
        statCount += perChannel.getShape().get(1);
    }

    /** Starts recording the per-channel mean and variance of the conv output (pre-BN) on every forward. */
    public void startStatistics() {
        statSum = new double[outChannels];
        statSq = new double[outChannels];
        statCount = 0;
    }

    /**
     * Re-expresses BatchNorm around the recorded statistics without changing what the unit computes in inference
     * mode: {@code mean' = mu, var' = sigma^2, gamma' = s*sqrt(sigma^2+eps), beta' = beta + (mu - mean)*s} with
     * {@code s = gamma/sqrt(var+eps)}. Weights imported from a graph with BN folded in come with an identity BN
     * (mean 0, var 1); training-mode BN would then normalise activations whose real scale the folded bias assumes,
     * and e.g. MobileNetV2's last conv (biases all below -3.6) outputs only zeros after ReLU6.
     */
    public void finishStatistics() {
        if (statSum == null || statCount < 2) {
            throw new IllegalStateException(this + ": no statistics recorded");
        }
        float[] g = gamma.getArray().toFloatArray();
        float[] b = beta.getArray().toFloatArray();
        float[] m = runningMean.getArray().toFloatArray();
        float[] v = runningVar.getArray().toFloatArray();
        for (int c = 0; c < outChannels; c++) {
            double mu = statSum[c] / statCount;
            double var = Math.max(statSq[c] / statCount - mu * mu, 0);
            double s = g[c] / Math.sqrt(v[c] + (double) epsilon);
            g[c] = (float) (s * Math.sqrt(var + epsilon));
            b[c] = (float) (b[c] + (mu - m[c]) * s);
            m[c] = (float) mu;
            v[c] = (float) var;
        }
        overwrite(gamma, g);
        overwrite(beta, b);
        overwrite(runningMean, m);
        overwrite(runningVar, v);
        statSum = null;
        statSq = null;
    }

    private static void overwrite(Parameter p, float[] values) {
        NDArray a = p.getArray();
        boolean grad = a.hasGradient();
        a.setRequiresGradient(false); // an in-place write into a leaf that requires grad is refused by libtorch
        a.set(values);
        if (grad) {
            a.setRequiresGradient(true);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int oh = padding.outputSize((int) in.get(2), kernel, stride);
        int ow = padding.outputSize((int) in.get(3), kernel, stride);
        return new Shape[] {new Shape(in.get(0), outChannels, oh, ow)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children: the parameter shapes are known from the constructor
    }

    /** Frozen: no gradients for this unit and BatchNorm in inference mode (running statistics fixed). */
    public void setFrozen(boolean frozen) {
        freezeParameters(frozen);
        // running statistics never take gradients
        runningMean.freeze(true);
        runningVar.freeze(true);
        bnFrozen = frozen;
    }

    public boolean isFrozen() {
        return bnFrozen;
    }

    public Parameter weight() { return weight; }
    public Parameter gamma() { return gamma; }
    public Parameter beta() { return beta; }
    public Parameter runningMean() { return runningMean; }
    public Parameter runningVar() { return runningVar; }
    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int kernel() { return kernel; }
    public int stride() { return stride; }
    public int groups() { return groups; }
    public boolean relu6() { return relu6; }
    public boolean relu() { return relu; }
    public Padding padding() { return padding; }
    public float epsilon() { return epsilon; }
    public boolean isDepthwise() { return groups > 1 && groups == inChannels && groups == outChannels; }

    @Override
    public String toString() {
        return "ConvBn(" + inChannels + "->" + outChannels + ", k" + kernel + ", s" + stride
                + (groups > 1 ? ", g" + groups : "") + (relu6 ? ", relu6" : "") + ")";
    }
}
