package org.aegis.transport.memory.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * The read side of a stream end: buffers arrived messages and hands them to its one subscriber as demanded.
 * Each message handed over returns its flow-control credit to the sender, so a subscriber that requests
 * slowly slows the writer down. Cancelling discards what is buffered and what still arrives (crediting it,
 * so the writer is not stuck); it does not reset the stream.
 */
final class Inbound implements Flow.Publisher<ByteBuffer>, Flow.Subscription {
    /** Called with the credit of each message the subscriber took or that was discarded. */
    interface Consumed {
        void credit(int bytes);
    }

    private record Message(byte[] data, int credit) {
    }

    private final ArrayDeque<Message> buffer = new ArrayDeque<>();
    private final Consumed consumed;
    private final Runnable onComplete;
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private boolean finished;
    private Throwable failure;
    private boolean terminated;
    private boolean cancelled;
    private boolean draining;

    Inbound(Consumed consumed, Runnable onComplete) {
        this.consumed = consumed;
        this.onComplete = onComplete;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> newSubscriber) {
        if (subscriber != null) {
            newSubscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            newSubscriber.onError(new IllegalStateException("a stream's inbound takes one subscriber only"));
            return;
        }
        subscriber = newSubscriber;
        subscriber.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (terminated || cancelled) {
            return;
        }
        if (n <= 0) {
            fail(new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams 3.9)"));
            return;
        }
        demand = TaskQueue.saturatedAdd(demand, n);
        drain();
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        int credit = 0;
        for (Message message : buffer) {
            credit += message.credit();
        }
        buffer.clear();
        if (credit > 0) {
            consumed.credit(credit);
        }
    }

    boolean isTerminated() {
        return terminated;
    }

    void push(byte[] data, int credit) {
        if (cancelled || terminated) {
            if (credit > 0) {
                consumed.credit(credit);
            }
            return;
        }
        buffer.add(new Message(data, credit));
        drain();
    }

    /** The remote side closed its half: complete once the buffer is drained. */
    void finish() {
        finished = true;
        drain();
    }

    void fail(Throwable cause) {
        if (terminated || failure != null) {
            return;
        }
        failure = cause;
        buffer.clear();
        drain();
    }

    private void drain() {
        // a subscriber may request from inside onNext: the outer loop serves it, the stack stays flat
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (subscriber != null && !terminated) {
                if (failure != null) {
                    terminated = true;
                    if (!cancelled) {
                        subscriber.onError(failure);
                    }
                } else if (cancelled) {
                    if (finished) {
                        terminated = true;
                        onComplete.run();
                    }
                    return;
                } else if (!buffer.isEmpty() && demand > 0) {
                    Message message = buffer.poll();
                    demand--;
                    if (message.credit() > 0) {
                        consumed.credit(message.credit());
                    }
                    subscriber.onNext(ByteBuffer.wrap(message.data()));
                } else if (buffer.isEmpty() && finished) {
                    terminated = true;
                    subscriber.onComplete();
                    onComplete.run();
                } else {
                    return;
                }
            }
        } finally {
            draining = false;
        }
    }
}
