package org.aegis.transport.memory.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A task of a {@link VirtualExecutor}: a future whose delay is measured on the virtual clock. */
final class VirtualTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V>, Entry {
    private final VirtualExecutor owner;
    private final TaskQueue queue;
    /** 0: runs once; positive: fixed rate; negative: fixed delay (as in ScheduledThreadPoolExecutor). */
    private final long period;
    /** For {@code execute}: nobody holds this future, so a failure is handed to the queue's failure handler. */
    private final boolean reportFailure;
    private long due;
    private long sequence;

    VirtualTask(VirtualExecutor owner, TaskQueue queue, Callable<V> callable, long period, boolean reportFailure) {
        super(callable);
        this.owner = owner;
        this.queue = queue;
        this.period = period;
        this.reportFailure = reportFailure;
    }

    @Override
    public long due() {
        return due;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public void place(long due, long sequence) {
        this.due = due;
        this.sequence = sequence;
    }

    @Override
    public boolean isPeriodic() {
        return period != 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(due - queue.now(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other instanceof Entry entry) {
            return Entry.ORDER.compare(this, entry);
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public void run() {
        if (!isPeriodic()) {
            try {
                super.run();
            } finally {
                owner.finished(this);
            }
        } else if (runAndReset()) {
            owner.reschedule(this, period > 0 ? due + period : queue.now() - period);
        } else {
            owner.finished(this);
        }
    }

    @Override
    protected void setException(Throwable failure) {
        super.setException(failure);
        if (reportFailure) {
            // a Runnable given to execute() throws only unchecked exceptions
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        // no other thread runs tasks, so there is never one to interrupt
        boolean cancelled = super.cancel(false);
        if (cancelled) {
            owner.cancelled(this);
        }
        return cancelled;
    }
}
