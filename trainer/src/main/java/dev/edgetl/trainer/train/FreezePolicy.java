package dev.edgetl.trainer.train;

import ai.djl.nn.Block;
import dev.edgetl.trainer.arch.ConvBn;
import dev.edgetl.trainer.arch.ClassifierNet;
import dev.edgetl.trainer.arch.ConvSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which backbone units train: {@code none} (everything trains), {@code backbone} (only the new head trains),
 * {@code until:<unit>} (the stem up to and including the named unit is frozen, e.g. {@code until:block13}).
 * Frozen units also run BatchNorm in inference mode.
 */
public final class FreezePolicy {
    private final String spec;
    private final String until;

    private FreezePolicy(String spec, String until) {
        this.spec = spec;
        this.until = until;
    }

    public static FreezePolicy parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("freeze policy is empty: use none, backbone or until:<unit>");
        }
        if (spec.equals("none") || spec.equals("backbone")) {
            return new FreezePolicy(spec, null);
        }
        if (spec.startsWith("until:") && spec.length() > "until:".length()) {
            return new FreezePolicy(spec, spec.substring("until:".length()));
        }
        throw new IllegalArgumentException("unknown freeze policy '" + spec + "': use none, backbone or until:<unit>");
    }

    /** Applies the policy; returns the names of the frozen units. */
    public List<String> apply(ClassifierNet net) {
        Map<String, Block> units = net.units();
        if (until != null && !units.containsKey(until)) {
            throw new IllegalArgumentException("freeze policy " + spec + ": no unit '" + until + "' in " + net.architecture() + "; units are "
                    + units.keySet());
        }
        List<String> frozen = new ArrayList<>();
        boolean freezing = !spec.equals("none");
        for (Map.Entry<String, Block> e : units.entrySet()) {
            setFrozen(e.getValue(), freezing);
            if (freezing) {
                frozen.add(e.getKey());
            }
            if (until != null && e.getKey().equals(until)) {
                freezing = false;
            }
        }
        return frozen;
    }

    private static void setFrozen(Block b, boolean frozen) {
        if (b instanceof ConvBn) {
            ((ConvBn) b).setFrozen(frozen);
        } else if (b instanceof dev.edgetl.trainer.arch.ShuffleNetV2.Unit) {
            for (ConvBn c : ((dev.edgetl.trainer.arch.ShuffleNetV2.Unit) b).convs()) {
                c.setFrozen(frozen);
            }
        } else if (b instanceof ConvSequence) {
            for (ConvBn c : ((ConvSequence) b).units()) {
                c.setFrozen(frozen);
            }
        }
    }

    public boolean freezesWholeBackbone() {
        return spec.equals("backbone");
    }

    @Override
    public String toString() {
        return spec;
    }
}
