package dev.edgetl.trainer.arch;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Parameter counts as torchvision reports them: learnable tensors only (BN running statistics excluded). */
public final class ParameterCount {
    private ParameterCount() {}

    /** Needs an initialized block (parameter shapes known). */
    public static long learnable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            n += p.getValue().getShape().size();
        }
        return n;
    }
}
