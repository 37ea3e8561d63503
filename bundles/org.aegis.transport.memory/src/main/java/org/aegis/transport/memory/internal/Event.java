package org.aegis.transport.memory.internal;

/** A network event (a frame arriving, a dial completing): never cancelled, owned by no executor. */
final class Event implements Entry {
    private final Runnable action;
    private long due;
    private long sequence;

    Event(Runnable action) {
        this.action = action;
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
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void run() {
        action.run();
    }
}
