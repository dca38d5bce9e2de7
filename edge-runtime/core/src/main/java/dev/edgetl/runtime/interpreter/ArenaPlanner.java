package dev.edgetl.runtime.interpreter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy-by-size arena planner, as TFLite's GreedyMemoryPlanner: buffers are placed largest first at the
 * lowest offset that does not overlap any placed buffer whose lifetime [first, last] (operator indices)
 * intersects its own. Offsets and sizes are in elements of one storage family.
 */
public final class ArenaPlanner {
    /** Alignment in elements, so that every tensor starts on a 64-byte boundary for 4-byte types. */
    public static final int ALIGN = 16;

    /** A buffer to place: id is the caller's, size in elements, lifetime in operator indices (inclusive). */
    public static final class Request {
        private final int id;
        private final int size;
        private final int first;
        private final int last;

        public Request(int id, int size, int first, int last) {
            this.id = id;
            this.size = size;
            this.first = first;
            this.last = last;
        }

        public int id() {
            return id;
        }

        public int size() {
            return size;
        }

        public int first() {
            return first;
        }

        public int last() {
            return last;
        }
}

    public static final class Placement {
        private final int id;
        private final int offset;

        public Placement(int id, int offset) {
            this.id = id;
            this.offset = offset;
        }

        public int id() {
            return id;
        }

        public int offset() {
            return offset;
        }
}

    private ArenaPlanner() {}

    /** Places all requests; the arena size is {@link #arenaSize}. */
    public static List<Placement> plan(List<Request> requests) {
        List<Request> order = new ArrayList<>(requests);
        order.sort(Comparator.comparingInt(Request::size).reversed().thenComparingInt(Request::id));
        List<Request> placedReq = new ArrayList<>();
        List<Integer> placedOff = new ArrayList<>();
        List<Placement> out = new ArrayList<>();
        for (Request r : order) {
            // Candidate gaps: collect live-overlapping placed buffers sorted by offset, take the first gap that fits.
            List<int[]> busy = new ArrayList<>();
            for (int k = 0; k < placedReq.size(); k++) {
                Request p = placedReq.get(k);
                if (p.first() <= r.last() && r.first() <= p.last()) {
                    busy.add(new int[] {placedOff.get(k), placedOff.get(k) + align(p.size())});
                }
            }
            busy.sort(Comparator.comparingInt(a -> a[0]));
            int offset = 0;
            for (int[] b : busy) {
                if (b[0] - offset >= align(r.size())) {
                    break;
                }
                offset = Math.max(offset, b[1]);
            }
            placedReq.add(r);
            placedOff.add(offset);
            out.add(new Placement(r.id(), offset));
        }
        return out;
    }

    public static long arenaSize(List<Request> requests, List<Placement> placements) {
        long max = 0;
        for (Placement p : placements) {
            for (Request r : requests) {
                if (r.id() == p.id()) {
                    max = Math.max(max, (long) p.offset() + align(r.size()));
                }
            }
        }
        return max;
    }

    static int align(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }
}
