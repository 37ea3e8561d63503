package org.aegis.transport.memory.internal;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The virtual clock and its queue. Time is a count of nanoseconds since the origin and moves only when a
 * driver method ({@link #runUntilIdle}, {@link #advance}, {@link #runUntil}) runs tasks; tasks run on the
 * driver's thread in (due, insertion) order. Scheduling is safe from any thread; driving is not reentrant.
 */
public final class TaskQueue {
    /** Below this many cancelled entries, skipping them when polled is cheaper than purging. */
    private static final int PURGE_THRESHOLD = 256;

    private final PriorityQueue<Entry> queue = new PriorityQueue<>(Entry.ORDER);
    /** Written under the lock, read without it: the network reads the time for every message. */
    private volatile long now;
    private long sequence;
    private int cancelled;
    private int periodic;
    private Thread driver;
    private Entry current;
    private Consumer<? super Throwable> failureHandler = TaskQueue::rethrow;

    public long now() {
        return now;
    }

    public synchronized int size() {
        return queue.size() - cancelled;
    }

    /** Schedules {@code action} to run {@code delayNanos} from now (a negative delay means now). */
    public void schedule(long delayNanos, Runnable action) {
        add(new Event(action), delayNanos);
    }

    /** Schedules {@code action} at the absolute virtual time {@code atNanos} (not before now). */
    public void scheduleAt(long atNanos, Runnable action) {
        addAt(new Event(action), atNanos);
    }

    synchronized void add(Entry entry, long delayNanos) {
        insert(entry, saturatedAdd(now, Math.max(0, delayNanos)));
    }

    synchronized void addAt(Entry entry, long atNanos) {
        insert(entry, Math.max(atNanos, now));
    }

    private void insert(Entry entry, long due) {
        entry.place(due, sequence++);
        queue.add(entry);
    }

    /** A queued entry was cancelled; it stays in the heap until polled or purged. */
    synchronized void noteCancelled(Entry entry) {
        if (entry == current) {
            return; // a task cancelling itself while it runs is not in the heap
        }
        cancelled++;
        if (cancelled > PURGE_THRESHOLD && cancelled > queue.size() / 2) {
            queue.removeIf(Entry::isCancelled);
            cancelled = 0;
        }
    }

    synchronized void periodicStarted() {
        periodic++;
    }

    synchronized void periodicEnded() {
        periodic--;
    }

    synchronized boolean isRunning(Entry entry) {
        return current == entry;
    }

    /** Whether the calling thread is inside a task run by a driver method. */
    public synchronized boolean isDriving() {
        return driver == Thread.currentThread();
    }

    /** Replaces what happens to an exception escaping a task nobody holds a future for; by default it is rethrown. */
    public synchronized void onTaskFailure(Consumer<? super Throwable> handler) {
        failureHandler = handler;
    }

    public int runUntilIdle() {
        enter();
        try {
            int ran = 0;
            while (true) {
                synchronized (this) {
                    if (periodic > 0) {
                        throw new IllegalStateException(periodic + " periodic task(s) keep the queue busy forever: "
                                + "use advance or runUntil");
                    }
                }
                Entry next = next(Long.MAX_VALUE);
                if (next == null) {
                    return ran;
                }
                run(next);
                ran++;
            }
        } finally {
            leave();
        }
    }

    public int advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot advance by a negative duration: " + nanos + " ns");
        }
        enter();
        try {
            long target = saturatedAdd(now(), nanos);
            int ran = 0;
            for (Entry next = next(target); next != null; next = next(target)) {
                run(next);
                ran++;
            }
            moveTo(target);
            return ran;
        } finally {
            leave();
        }
    }

    public boolean runUntil(BooleanSupplier condition, long limitNanos) {
        if (limitNanos < 0) {
            throw new IllegalArgumentException("negative limit: " + limitNanos + " ns");
        }
        enter();
        try {
            long deadline = saturatedAdd(now(), limitNanos);
            if (condition.getAsBoolean()) {
                return true;
            }
            for (Entry next = next(deadline); next != null; next = next(deadline)) {
                run(next);
                if (condition.getAsBoolean()) {
                    return true;
                }
            }
            moveTo(deadline);
            return false;
        } finally {
            leave();
        }
    }

    private synchronized void enter() {
        if (driver != null) {
            throw new IllegalStateException(driver == Thread.currentThread()
                    ? "a task cannot drive the virtual time it runs in"
                    : "virtual time is already driven by " + driver.getName());
        }
        driver = Thread.currentThread();
    }

    private synchronized void leave() {
        driver = null;
    }

    private synchronized Entry next(long limit) {
        while (true) {
            Entry head = queue.peek();
            if (head == null || head.due() > limit) {
                return null;
            }
            queue.poll();
            if (head.isCancelled()) {
                cancelled--;
                continue;
            }
            now = head.due();
            current = head;
            return head;
        }
    }

    private void run(Entry entry) {
        try {
            entry.run();
        } catch (RuntimeException | Error e) {
            Consumer<? super Throwable> handler;
            synchronized (this) {
                handler = failureHandler;
            }
            handler.accept(e);
        } finally {
            synchronized (this) {
                current = null;
            }
        }
    }

    private synchronized void moveTo(long target) {
        now = Math.max(now, target);
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) failure;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
