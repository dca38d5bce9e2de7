package dev.edgetl.trainer.arch;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;

/**
 * SqueezeNet 1.0 and 1.1 (Iandola et al. 2016) with torchvision's layers: Fire modules (1x1 squeeze, 1x1 + 3x3
 * expand, concatenated), ceil-mode max pooling, a 1x1 conv classifier with ReLU and global average pooling.
 */
public final class SqueezeNet {
    private SqueezeNet() {}

    /** @param version "1_0" or "1_1" */
    public static SequentialBlock build(String version, int numClasses) {
        SequentialBlock f = new SequentialBlock();
        switch (version) {
            case "1_0":
                f.add(conv(96, 7, 2, 0)).add(Activation.reluBlock()).add(maxPool());
                f.add(fire(16, 64, 64)).add(fire(16, 64, 64)).add(fire(32, 128, 128)).add(maxPool());
                f.add(fire(32, 128, 128)).add(fire(48, 192, 192)).add(fire(48, 192, 192)).add(fire(64, 256, 256))
                        .add(maxPool());
                f.add(fire(64, 256, 256));
                break;
            case "1_1":
                f.add(conv(64, 3, 2, 0)).add(Activation.reluBlock()).add(maxPool());
                f.add(fire(16, 64, 64)).add(fire(16, 64, 64)).add(maxPool());
                f.add(fire(32, 128, 128)).add(fire(32, 128, 128)).add(maxPool());
                f.add(fire(48, 192, 192)).add(fire(48, 192, 192)).add(fire(64, 256, 256)).add(fire(64, 256, 256));
                break;
            default:
                throw new IllegalArgumentException("unknown SqueezeNet version '" + version + "': 1_0 or 1_1");
        }
        SequentialBlock head = new SequentialBlock();
        head.add(Dropout.builder().optRate(0.5f).build()).add(conv(numClasses, 1, 1, 0)).add(Activation.reluBlock())
                .addSingleton(x -> x.mean(new int[] {3}).mean(new int[] {2}), "globalAvgPool");
        SequentialBlock net = new SequentialBlock();
        net.add(f).add(head);
        return net;
    }

    private static Block conv(int filters, int k, int stride, int pad) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).build();
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true);
    }

    private static Block fire(int squeeze, int expand1, int expand3) {
        SequentialBlock b = new SequentialBlock();
        b.add(conv(squeeze, 1, 1, 0)).add(Activation.reluBlock());
        SequentialBlock e1 = new SequentialBlock().add(conv(expand1, 1, 1, 0)).add(Activation.reluBlock());
        SequentialBlock e3 = new SequentialBlock().add(conv(expand3, 3, 1, 1)).add(Activation.reluBlock());
        b.add(new ParallelBlock(list -> new NDList(NDArrays.concat(
                new NDList(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow()), 1)), Arrays.asList(e1, e3)));
        return b;
    }
}
