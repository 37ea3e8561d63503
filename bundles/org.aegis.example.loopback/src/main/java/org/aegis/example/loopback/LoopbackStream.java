package org.aegis.example.loopback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.aegis.api.transport.Stream;

/**
 * One end of a stream between two of this node's own components. Every method only queues a task on the
 * transport's thread and returns; all state below is touched on that thread alone, so it needs no lock, and no
 * callback ever runs inside a caller's method.
 *
 * <p>Back-pressure: a write is accepted (its stage completes) only while the other end holds less than the window
 * of unread bytes; its subscriber's demand frees room. A write larger than the window goes alone into an empty
 * buffer, so nothing waits forever. What arrives after the reader cancelled is discarded, so the writer is not
 * stuck either.
 */
final class LoopbackStream implements Stream {
    /** The two ends of a new stream: the opener's and the one handed to the protocol's handler. */
    record Pair(LoopbackStream opener, LoopbackStream acceptor) {
    }

    /** A queued write; {@code data == null} is the end of this half. */
    private record Write(byte[] data, CompletableFuture<Void> accepted) {
    }

    private final String protocol;
    private final String remotePeerId;
    private final int window;
    private final Executor loop;
    private final Consumer<LoopbackStream> onEnded;
    private final Inbound inbound = new Inbound();
    private final ArrayDeque<Write> outgoing = new ArrayDeque<>();
    private LoopbackStream other;
    private CompletableFuture<Void> writeClosed;
    private boolean endSent;
    private boolean reset;
    private boolean pumping;

    private LoopbackStream(String protocol, String remotePeerId, int window, Executor loop,
            Consumer<LoopbackStream> onEnded) {
        this.protocol = protocol;
        this.remotePeerId = remotePeerId;
        this.window = window;
        this.loop = loop;
        this.onEnded = onEnded;
    }

    /**
     * A connected pair. {@code loop} runs tasks on the transport's thread (and rejects them once it stopped);
     * {@code onEnded} is called there when an end is reset or done both ways.
     */
    static Pair pair(String protocol, String peerId, int window, Executor loop, Consumer<LoopbackStream> onEnded) {
        LoopbackStream opener = new LoopbackStream(protocol, peerId, window, loop, onEnded);
        LoopbackStream acceptor = new LoopbackStream(protocol, peerId, window, loop, onEnded);
        opener.other = acceptor;
        acceptor.other = opener;
        return new Pair(opener, acceptor);
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String remotePeerId() {
        return remotePeerId;
    }

    @Override
    public Flow.Publisher<ByteBuffer> inbound() {
        return inbound;
    }

    @Override
    public CompletionStage<Void> write(ByteBuffer data) {
        if (data == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("write(null) on " + this));
        }
        // copied at once: the reader may read it long after the writer reused its buffer
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        onLoop(accepted, () -> {
            if (reset) {
                accepted.completeExceptionally(resetError());
            } else if (writeClosed != null) {
                accepted.completeExceptionally(new IOException(this + " is closed for writing"));
            } else {
                outgoing.add(new Write(copy, accepted));
                pump();
            }
        });
        return accepted;
    }

    @Override
    public CompletionStage<Void> closeWrite() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(done, () -> {
            if (reset) {
                done.completeExceptionally(resetError());
            } else if (writeClosed == null) {
                writeClosed = done;
                outgoing.add(new Write(null, done));
                pump();
            } else {
                writeClosed.whenComplete((ok, error) -> complete(done, error));
            }
        });
        return done;
    }

    @Override
    public void reset() {
        onLoop(null, () -> {
            if (!reset) {
                resetHere(new IOException(this + " was reset"));
                other.resetHere(new IOException(this + " was reset by the other end"));
            }
        });
    }

    /** Abandons this end: queued writes fail, the reader gets {@code cause}. On the transport's thread. */
    void resetHere(IOException cause) {
        if (reset) {
            return;
        }
        reset = true;
        outgoing.forEach(w -> w.accepted().completeExceptionally(cause));
        outgoing.clear();
        inbound.fail(cause);
        onEnded.accept(this);
    }

    @Override
    public String toString() {
        return "loopback stream " + protocol;
    }

    private IOException resetError() {
        return new IOException(this + " was reset");
    }

    /** Moves queued writes to the other end while it has room, in order. */
    private void pump() {
        if (pumping) {
            return; // called back from a delivery inside the loop below: that loop goes on
        }
        pumping = true;
        try {
            while (!reset && !outgoing.isEmpty()) {
                Write head = outgoing.peek();
                if (head.data() == null) {
                    outgoing.poll();
                    endSent = true;
                    other.inbound.finish();
                    head.accepted().complete(null);
                    endedIfDone();
                } else if (other.inbound.hasRoomFor(head.data().length)) {
                    outgoing.poll();
                    other.inbound.push(head.data());
                    head.accepted().complete(null);
                } else {
                    return;
                }
            }
        } finally {
            pumping = false;
        }
    }

    private void endedIfDone() {
        if (endSent && inbound.terminated) {
            onEnded.accept(this);
        }
    }

    /** Runs {@code task} on the transport's thread; once the transport stopped, fails {@code stage} instead. */
    private void onLoop(CompletableFuture<?> stage, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (stage != null) {
                stage.completeExceptionally(new IOException(this + " was reset: the transport stopped"));
            }
        }
    }

    private static void complete(CompletableFuture<Void> stage, Throwable error) {
        if (error == null) {
            stage.complete(null);
        } else {
            stage.completeExceptionally(error);
        }
    }

    /** What the other end wrote, handed to the one subscriber as it asks (Reactive Streams rules). */
    private final class Inbound implements Flow.Publisher<ByteBuffer>, Flow.Subscription {
        private final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
        private long buffered;
        private Flow.Subscriber<? super ByteBuffer> subscriber;
        private long demand;
        private boolean finished;
        private boolean cancelled;
        private boolean terminated;
        private boolean draining;
        private Throwable failure;

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> candidate) {
            Objects.requireNonNull(candidate, "subscriber (rule 1.9)");
            try {
                loop.execute(() -> {
                    if (subscriber != null) {
                        refuse(candidate, new IllegalStateException("a stream's inbound takes one subscriber only"));
                        return;
                    }
                    subscriber = candidate;
                    candidate.onSubscribe(this);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                refuse(candidate, new IOException(LoopbackStream.this + " was reset: the transport stopped"));
            }
        }

        @Override
        public void request(long n) {
            onLoop(null, () -> {
                if (terminated || cancelled) {
                    return;
                }
                if (n <= 0) {
                    fail(new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)"));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
            });
        }

        @Override
        public void cancel() {
            onLoop(null, () -> {
                cancelled = true;
                discard();
                drain();
            });
        }

        /** Room for {@code bytes} more; a reader that is gone has room for anything (it is discarded). */
        boolean hasRoomFor(int bytes) {
            return cancelled || terminated || failure != null || buffered == 0 || buffered + bytes <= window;
        }

        void push(byte[] chunk) {
            if (cancelled || terminated || failure != null || chunk.length == 0) {
                return;
            }
            buffer.add(chunk);
            buffered += chunk.length;
            drain();
        }

        /** The other end closed its half: complete once what is buffered has been read. */
        void finish() {
            finished = true;
            drain();
        }

        void fail(Throwable cause) {
            if (terminated || failure != null) {
                return;
            }
            failure = cause;
            discard();
            drain();
        }

        private void discard() {
            buffer.clear();
            buffered = 0;
            if (!reset) {
                other.pump(); // the writer may have waited for this room; on a reset its writes fail instead
            }
        }

        private void drain() {
            if (draining) {
                return; // a subscriber that requests from inside onNext is served by the loop below
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
                            endedIfDone();
                        }
                        return;
                    } else if (!buffer.isEmpty() && demand > 0) {
                        byte[] chunk = buffer.poll();
                        buffered -= chunk.length;
                        demand--;
                        subscriber.onNext(ByteBuffer.wrap(chunk));
                        other.pump();
                    } else if (buffer.isEmpty() && finished) {
                        terminated = true;
                        subscriber.onComplete();
                        endedIfDone();
                    } else {
                        return;
                    }
                }
            } finally {
                draining = false;
            }
        }

        private static void refuse(Flow.Subscriber<? super ByteBuffer> subscriber, Throwable why) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(why);
        }
    }
}
