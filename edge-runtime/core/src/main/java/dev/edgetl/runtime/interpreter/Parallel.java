package dev.edgetl.runtime.interpreter;

import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads that splits a range over {@code threads} parts. It allocates nothing per
 * call, so inference stays allocation-free; with one thread the body runs inline on the caller.
 */
public final class Parallel implements AutoCloseable {
    /** The work of one part: indices [from, to) of the range. */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to);
    }

    private final int threads;
    private final Thread[] workers;
    private volatile Body body;
    private volatile int rangeEnd;
    private volatile int generation;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    public Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Thread[this.threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> workerLoop(part), "edge-runtime-worker-" + part);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) split in contiguous parts, one per thread; returns when all are done. */
    public void forRange(int n, Body body) {
        if (threads == 1 || n < 2) {
            body.run(0, n);
            return;
        }
        this.body = body;
        this.rangeEnd = n;
        this.failure = null;
        this.caller = Thread.currentThread();
        pending.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        runPart(0, body, n);
        while (pending.get() > 0) {
            LockSupport.park(this);
        }
        this.body = null;
        Throwable t = failure;
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    private void runPart(int part, Body b, int n) {
        int from = (int) ((long) n * part / threads);
        int to = (int) ((long) n * (part + 1) / threads);
        if (from < to) {
            b.run(from, to);
        }
    }

    private void workerLoop(int part) {
        int seen = 0;
        while (!closed) {
            int g = generation;
            if (g == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = g;
            try {
                runPart(part, body, rangeEnd);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
