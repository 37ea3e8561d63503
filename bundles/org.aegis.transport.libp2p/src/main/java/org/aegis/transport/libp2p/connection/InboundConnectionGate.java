package org.aegis.transport.libp2p.connection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds a listener's inbound connections before they cost more than a descriptor: those still in their handshake
 * (multistream-select, Noise, Yamux) in total and per source, and the established ones per source. A source is an
 * IPv4 address or an IPv6 /64 (what one host usually holds); loopback is a source like any other. Like go-libp2p's
 * resource manager (its transient scope and its limits per IP), it cannot tell a genuine peer from an attacker
 * before the handshake, so it reserves nothing: one source cannot take more than its share, and many sources that
 * fill the total are refused until the handshake timeout closes their connections.
 *
 * <p>Shared by every accepted channel and thread-safe; a source's entry is removed when its counts drop to zero.
 * Refusals are logged as one aggregated WARN at most every 10 s.
 */
public final class InboundConnectionGate {
    private static final long WARN_INTERVAL_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(InboundConnectionGate.class);

    private final int maxPending;
    private final int maxPendingPerSource;
    private final int maxEstablishedPerSource;
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<InetAddress, Counts> bySource = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedSinceWarning = new AtomicLong();
    private final AtomicLong nextWarning;

    /** Pending and established connections of one source; never both zero in the map. */
    private record Counts(int pending, int established) {
        Counts plus(int pendingDelta, int establishedDelta) {
            Counts next = new Counts(pending + pendingDelta, established + establishedDelta);
            return next.pending == 0 && next.established == 0 ? null : next;
        }
    }

    public InboundConnectionGate(int maxPending, int maxPendingPerSource, int maxEstablishedPerSource) {
        if (maxPending < 1 || maxPendingPerSource < 1 || maxEstablishedPerSource < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1, not " + maxPending + ", "
                    + maxPendingPerSource + ", " + maxEstablishedPerSource);
        }
        this.maxPending = maxPending;
        this.maxPendingPerSource = maxPendingPerSource;
        this.maxEstablishedPerSource = maxEstablishedPerSource;
        this.nextWarning = new AtomicLong(System.nanoTime());
    }

    /**
     * A pending place for a connection just accepted from {@code remote}, or {@code null} when the total or the
     * source's share is taken: the caller then closes the connection unread.
     */
    public Slot tryAcquire(InetAddress remote) {
        InetAddress source = sourceOf(remote);
        // the source's share first: a flooding source's refusals then never hold a place of the total, even briefly
        boolean[] admitted = new boolean[1];
        bySource.compute(source, (key, counts) -> {
            Counts current = counts == null ? new Counts(0, 0) : counts;
            admitted[0] = current.pending < maxPendingPerSource;
            return admitted[0] ? current.plus(1, 0) : counts;
        });
        if (!admitted[0]) {
            refuse(source, maxPendingPerSource + " pending handshakes per address");
            return null;
        }
        if (pending.getAndUpdate(n -> n < maxPending ? n + 1 : n) >= maxPending) {
            bySource.compute(source, (key, counts) -> counts.plus(-1, 0));
            refuse(source, maxPending + " pending handshakes in total");
            return null;
        }
        return new Slot(source);
    }

    /** Connections in their handshake now, from every source. */
    public int pending() {
        return pending.get();
    }

    /** Connections from {@code remote}'s source in their handshake now. */
    public int pendingFrom(InetAddress remote) {
        Counts counts = bySource.get(sourceOf(remote));
        return counts == null ? 0 : counts.pending;
    }

    /** Established connections from {@code remote}'s source now. */
    public int establishedFrom(InetAddress remote) {
        Counts counts = bySource.get(sourceOf(remote));
        return counts == null ? 0 : counts.established;
    }

    /** Sources with a pending or established connection. */
    public int sources() {
        return bySource.size();
    }

    /** Connections refused since the gate was made. */
    public long refused() {
        return refused.get();
    }

    /** {@code address}, or for IPv6 its /64 prefix. */
    static InetAddress sourceOf(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private void refuse(InetAddress source, String limit) {
        refused.incrementAndGet();
        refusedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS))) {
            LOG.warn("Refused {} inbound connection(s) in the last {} s, the last from {} at the limit of {}",
                    refusedSinceWarning.getAndSet(0), WARN_INTERVAL_SECONDS, source.getHostAddress(), limit);
        }
    }

    /**
     * One accepted connection's place: pending until {@link #establish}, given back by {@link #release} exactly once
     * however often and in whatever order they are called.
     */
    public final class Slot {
        private final InetAddress source;
        private State state = State.PENDING;

        private enum State { PENDING, ESTABLISHED, RELEASED }

        private Slot(InetAddress source) {
            this.source = source;
        }

        /**
         * Turns the pending place into an established one once the handshake is done.
         *
         * @return {@code false}, the place still pending, when the source has its most established connections, or
         *         when the slot is not pending any more: the caller then closes the connection
         */
        public synchronized boolean establish() {
            if (state != State.PENDING) {
                return false;
            }
            boolean[] admitted = new boolean[1];
            bySource.compute(source, (key, counts) -> {
                admitted[0] = counts.established < maxEstablishedPerSource;
                return admitted[0] ? counts.plus(-1, 1) : counts;
            });
            if (!admitted[0]) {
                refuse(source, maxEstablishedPerSource + " connections per address");
                return false;
            }
            pending.decrementAndGet();
            state = State.ESTABLISHED;
            return true;
        }

        /** Gives the place back when the connection closed, failed or timed out; later calls do nothing. */
        public synchronized void release() {
            if (state == State.PENDING) {
                bySource.compute(source, (key, counts) -> counts.plus(-1, 0));
                pending.decrementAndGet();
            } else if (state == State.ESTABLISHED) {
                bySource.compute(source, (key, counts) -> counts.plus(0, -1));
            }
            state = State.RELEASED;
        }
    }
}
