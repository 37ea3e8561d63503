package org.aegis.consensus.pbft;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;
import org.aegis.consensus.pbft.testing.OutboundFilter;
import org.aegis.testing.VirtualScheduler;

/**
 * An in-test message router: each node gets a {@link Transport} whose streams carry bytes to the other node after a
 * fixed virtual latency on the shared {@link VirtualScheduler}. A node marked down refuses streams, and the streams it
 * had reset, as a crashed process's would. A node's {@link OutboundFilter} sees each frame as it writes it.
 */
final class TestNetwork {
    static final Duration LATENCY = Duration.ofMillis(1);

    private final VirtualScheduler scheduler;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final Set<String> down = new HashSet<>();
    private final Map<String, OutboundFilter> filters = new HashMap<>();

    TestNetwork(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    Transport endpoint(String peerId) {
        Endpoint e = new Endpoint(peerId);
        endpoints.put(peerId, e);
        return e;
    }

    /**
     * Sends raw bytes as one length-prefixed frame from {@code from} (any name) to {@code to} on the PBFT protocol,
     * past {@code from}'s filter: they are the test's bytes, not its replica's.
     */
    void inject(String from, String to, byte[] frame) {
        Transport source = endpoints.containsKey(from) ? endpoints.get(from) : endpoint(from);
        source.openStream(to, "/aegis/pbft/1.0.0").thenAccept(stream -> ((End) stream).transmit(
                ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).flip()));
    }

    /** Every frame {@code peerId} writes from now on passes through {@code filter} ({@code null}: none). */
    void filter(String peerId, OutboundFilter filter) {
        filters.put(peerId, filter);
    }

    /** The node crashed: its streams reset, nobody reaches it until {@link #up}. */
    void down(String peerId) {
        down.add(peerId);
        Endpoint e = endpoints.get(peerId);
        if (e != null) {
            new ArrayList<>(e.ends).forEach(End::reset);
        }
    }

    void up(String peerId) {
        down.remove(peerId);
    }

    private boolean reachable(String a, String b) {
        return !down.contains(a) && !down.contains(b);
    }

    private void later(Runnable r) {
        scheduler.schedule(r, LATENCY.toNanos(), TimeUnit.NANOSECONDS);
    }

    private final class Endpoint implements Transport {
        final String peerId;
        final Map<String, StreamHandler> handlers = new HashMap<>();
        final List<End> ends = new ArrayList<>();

        Endpoint(String peerId) {
            this.peerId = peerId;
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<Multiaddr> listenAddresses() {
            return List.of();
        }

        @Override
        public CompletionStage<PeerInfo> dial(Multiaddr address) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("streams open by peer id"));
        }

        @Override
        public List<PeerInfo> peers() {
            return endpoints.keySet().stream().filter(p -> !p.equals(peerId) && reachable(peerId, p))
                    .map(p -> new PeerInfo(p, List.of(), List.of(), null)).toList();
        }

        @Override
        public Registration handle(String protocolId, StreamHandler handler) {
            handlers.put(protocolId, handler);
            return () -> handlers.remove(protocolId, handler);
        }

        @Override
        public CompletionStage<Stream> openStream(String remote, String protocolId) {
            Endpoint target = endpoints.get(remote);
            StreamHandler handler = target == null ? null : target.handlers.get(protocolId);
            if (handler == null || !reachable(peerId, remote)) {
                return CompletableFuture.failedFuture(new IllegalStateException(remote + " is not reachable"));
            }
            End local = new End(protocolId, peerId, remote);
            End other = new End(protocolId, remote, peerId);
            local.remote = other;
            other.remote = local;
            ends.add(local);
            target.ends.add(other);
            later(() -> {
                if (reachable(peerId, remote)) {
                    handler.onStream(other);
                }
            });
            return CompletableFuture.completedFuture(local);
        }

        @Override
        public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
            throw new UnsupportedOperationException("PBFT uses streams only");
        }

        @Override
        public CompletionStage<Duration> ping(String peer) {
            return CompletableFuture.completedFuture(LATENCY.multipliedBy(2));
        }

        @Override
        public CompletionStage<Void> publish(String topic, byte[] data) {
            throw new UnsupportedOperationException("PBFT uses streams only");
        }
    }

    /** One end of a stream: what it reads arrives from {@link #remote}'s writes. */
    private final class End implements Stream, Flow.Publisher<ByteBuffer> {
        final String protocol;
        final String owner;
        final String remotePeer;
        End remote;
        final ArrayDeque<ByteBuffer> inbox = new ArrayDeque<>();
        Flow.Subscriber<? super ByteBuffer> subscriber;
        long demand;
        boolean closed;
        boolean draining;

        End(String protocol, String owner, String remotePeer) {
            this.protocol = protocol;
            this.owner = owner;
            this.remotePeer = remotePeer;
        }

        @Override
        public String protocol() {
            return protocol;
        }

        @Override
        public String remotePeerId() {
            return remotePeer;
        }

        @Override
        public Flow.Publisher<ByteBuffer> inbound() {
            return this;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            subscriber = s;
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    demand += n;
                    drain();
                }

                @Override
                public void cancel() {
                    subscriber = null;
                }
            });
        }

        @Override
        public CompletionStage<Void> write(ByteBuffer data) {
            OutboundFilter filter = filters.get(owner);
            if (filter == null) {
                return transmit(data);
            }
            byte[] write = new byte[data.remaining()];
            data.duplicate().get(write);
            byte[] out = filter.filterWrite(remotePeer, write);
            // A dropped frame leaves no trace, as one never sent: not even a failed write on a reset stream.
            return out == null ? CompletableFuture.completedFuture(null) : transmit(ByteBuffer.wrap(out));
        }

        CompletionStage<Void> transmit(ByteBuffer data) {
            if (closed || !reachable(owner, remotePeer)) {
                return CompletableFuture.failedFuture(new IllegalStateException("stream reset"));
            }
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
            End target = remote;
            later(() -> {
                if (reachable(owner, remotePeer) && !target.closed) {
                    target.inbox.add(copy);
                    target.drain();
                }
            });
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> closeWrite() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void reset() {
            fail();
            if (remote != null) {
                End other = remote;
                later(other::fail);
            }
        }

        private void fail() {
            if (closed) {
                return;
            }
            closed = true;
            Flow.Subscriber<? super ByteBuffer> s = subscriber;
            if (s != null) {
                s.onError(new IllegalStateException("stream reset"));
            }
        }

        private void drain() {
            if (draining) {
                return;
            }
            draining = true;
            try {
                while (demand > 0 && !inbox.isEmpty() && subscriber != null && !closed) {
                    demand--;
                    subscriber.onNext(inbox.poll());
                }
            } finally {
                draining = false;
            }
        }
    }
}
