package org.aegis.transport.memory.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.aegis.api.transport.Stream;

/**
 * One end of a stream. Writes queue in order and are accepted (their future completes) while the bytes in
 * flight or unread at the other end stay within the network's stream window, as Yamux's flow control would
 * have it; the reader returns credit as its subscriber takes messages. A single write larger than the window
 * goes alone, so nothing waits forever.
 */
final class MemoryStream implements Stream {
    /** A queued write; {@code data == null} is the end of our half. */
    private record Outgoing(byte[] data, CompletableFuture<Void> accepted) {
    }

    private final Network network;
    private final Connection connection;
    private final Node local;
    private final String protocol;
    private final int window;
    private final Inbound inbound;
    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    private MemoryStream remote;
    private long unacknowledged;
    private boolean pumping;
    private CompletableFuture<Void> writeClosed;
    private boolean finSent;
    private boolean reset;
    /** Latest arrival of a data message sent from this end: our end-of-stream must not overtake it. */
    private long lastDataArrival;
    private long creditToReturn;
    private boolean creditFrameInFlight;

    MemoryStream(Network network, Connection connection, Node local, String protocol, int window) {
        this.network = network;
        this.connection = connection;
        this.local = local;
        this.protocol = protocol;
        this.window = window;
        this.inbound = new Inbound(this::returnCredit, this::closedIfDone);
    }

    static void pair(MemoryStream a, MemoryStream b) {
        a.remote = b;
        b.remote = a;
    }

    Connection connection() {
        return connection;
    }

    Node local() {
        return local;
    }

    Node remoteNode() {
        return remote.local;
    }

    MemoryStream remote() {
        return remote;
    }

    boolean isReset() {
        return reset;
    }

    void noteDataArrival(long at) {
        lastDataArrival = Math.max(lastDataArrival, at);
    }

    long lastDataArrival() {
        return lastDataArrival;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String remotePeerId() {
        return remote.local.peerId();
    }

    @Override
    public Flow.Publisher<ByteBuffer> inbound() {
        return inbound;
    }

    @Override
    public CompletionStage<Void> write(ByteBuffer data) {
        if (reset) {
            return CompletableFuture.failedFuture(new IOException("stream " + protocol + " to " + remotePeerId() + " was reset"));
        }
        if (writeClosed != null) {
            return CompletableFuture.failedFuture(new IOException("stream " + protocol + " to " + remotePeerId() + ": write side closed"));
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        outgoing.add(new Outgoing(copy, accepted));
        pump();
        return accepted;
    }

    @Override
    public CompletionStage<Void> closeWrite() {
        if (reset) {
            return CompletableFuture.failedFuture(new IOException("stream " + protocol + " to " + remotePeerId() + " was reset"));
        }
        if (writeClosed == null) {
            writeClosed = new CompletableFuture<>();
            outgoing.add(new Outgoing(null, writeClosed));
            pump();
        }
        return writeClosed;
    }

    @Override
    public void reset() {
        if (reset) {
            return;
        }
        resetLocally(new IOException("stream " + protocol + " to " + remotePeerId() + " was reset"));
        MemoryStream peer = remote;
        network.sendControl(connection, local, () -> peer.resetLocally(
                new IOException("stream " + protocol + " was reset by " + local.peerId())));
    }

    /** Abandons this end: pending writes fail, the subscriber gets {@code cause}. */
    void resetLocally(IOException cause) {
        if (reset) {
            return;
        }
        reset = true;
        connection.remove(this);
        for (Outgoing pending : outgoing) {
            pending.accepted().completeExceptionally(cause);
        }
        outgoing.clear();
        inbound.fail(cause);
    }

    /** Sends what the window allows, in order. Completing a write may queue the next one: the loop takes it. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!reset && !outgoing.isEmpty()) {
                Outgoing head = outgoing.peek();
                if (head.data() == null) {
                    outgoing.poll();
                    finSent = true;
                    network.sendEnd(this);
                    head.accepted().complete(null);
                    closedIfDone();
                    continue;
                }
                if (unacknowledged > 0 && unacknowledged + head.data().length > window) {
                    return;
                }
                outgoing.poll();
                unacknowledged += network.sendData(this, head.data());
                head.accepted().complete(null);
            }
        } finally {
            pumping = false;
        }
    }

    /** Our subscriber took (or discarded) {@code bytes}: tell the writer, coalescing while a credit frame travels. */
    private void returnCredit(int bytes) {
        creditToReturn += bytes;
        if (creditFrameInFlight || reset) {
            return;
        }
        creditFrameInFlight = true;
        MemoryStream writer = remote;
        network.sendControl(connection, local, () -> {
            long credit = creditToReturn;
            creditToReturn = 0;
            creditFrameInFlight = false;
            writer.credited(credit);
        });
    }

    private void credited(long bytes) {
        unacknowledged -= bytes;
        pump();
    }

    void push(byte[] data, int credit) {
        inbound.push(data, credit);
    }

    void endArrived() {
        if (!reset) {
            inbound.finish();
        }
    }

    /** Both halves done: the connection no longer needs to reset this end. */
    private void closedIfDone() {
        if (finSent && inbound.isTerminated()) {
            connection.remove(this);
        }
    }

    @Override
    public String toString() {
        return "MemoryStream[" + local.peerId() + "->" + remotePeerId() + " " + protocol + "]";
    }
}
