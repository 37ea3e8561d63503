package org.aegis.itests.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;
import org.aegis.transport.memory.LinkConditions;
import org.aegis.transport.memory.MemoryNetwork;
import org.aegis.transport.memory.VirtualTime;

/**
 * The memory transport in real time: a {@link MemoryNetwork} with zero-latency links, driven by one thread that runs
 * whatever is due, as fast as it comes; components on other threads reach it through {@link #transport}, whose calls
 * hop onto that thread (the network is confined to its driver). Virtual time never moves: nothing on the wire waits.
 */
final class DrivenNetwork implements AutoCloseable {
    private final VirtualTime time = new VirtualTime();
    private final MemoryNetwork network = new MemoryNetwork(1, time);
    private final Thread driver;
    private volatile boolean running = true;

    DrivenNetwork() {
        network.setDefaultConditions(LinkConditions.reliable(Duration.ZERO));
        // A window that never throttles a pipeline of large batches.
        network.setStreamWindow(64 << 20);
        time.onTaskFailure(error -> error.printStackTrace());
        driver = new Thread(this::drive, "memory-network");
        driver.setDaemon(true);
    }

    private void drive() {
        while (running) {
            if (time.advance(Duration.ZERO) == 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** Adds the nodes and connects them all, then starts the driver. */
    void start(List<? extends NodeIdentity> identities) {
        identities.forEach(network::transport);
        network.connectAll();
        driver.start();
    }

    Transport transport(String peerId) {
        return new ConfinedTransport(network.transportOf(peerId));
    }

    long messages() {
        return call(() -> CompletableFuture.completedFuture(network.totalStats().delivered())).join();
    }

    /** Runs {@code action} on the driver and hands its result back. */
    private <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                action.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (Thread.currentThread() == driver) {
            task.run();
        } else {
            time.execute(task);
            LockSupport.unpark(driver);
        }
        return result;
    }

    private void run(Runnable action) {
        call(() -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(driver);
        driver.join(5_000);
    }

    /** A node's transport whose every call runs on the driver. */
    private final class ConfinedTransport implements Transport {
        private final Transport delegate;

        ConfinedTransport(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public List<Multiaddr> listenAddresses() {
            return delegate.listenAddresses();
        }

        @Override
        public CompletionStage<PeerInfo> dial(Multiaddr address) {
            return call(() -> delegate.dial(address));
        }

        @Override
        public List<PeerInfo> peers() {
            return call(() -> CompletableFuture.completedFuture(delegate.peers())).join();
        }

        @Override
        public Registration handle(String protocolId, StreamHandler handler) {
            Registration registration = call(() -> CompletableFuture.completedFuture(
                    delegate.handle(protocolId, stream -> handler.onStream(new ConfinedStream(stream))))).join();
            return () -> run(registration::close);
        }

        @Override
        public CompletionStage<Stream> openStream(String peerId, String protocolId) {
            return call(() -> delegate.openStream(peerId, protocolId).thenApply(ConfinedStream::new));
        }

        @Override
        public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
            Registration registration = call(() -> CompletableFuture.completedFuture(
                    delegate.subscribe(topic, handler))).join();
            return () -> run(registration::close);
        }

        @Override
        public CompletionStage<Duration> ping(String peerId) {
            return call(() -> delegate.ping(peerId));
        }

        @Override
        public CompletionStage<Void> publish(String topic, byte[] data) {
            return call(() -> delegate.publish(topic, data));
        }
    }

    /** A stream whose writes, reads and demand run on the driver. */
    private final class ConfinedStream implements Stream {
        private final Stream delegate;

        ConfinedStream(Stream delegate) {
            this.delegate = delegate;
        }

        @Override
        public String protocol() {
            return delegate.protocol();
        }

        @Override
        public String remotePeerId() {
            return delegate.remotePeerId();
        }

        @Override
        public Flow.Publisher<ByteBuffer> inbound() {
            return subscriber -> run(() -> delegate.inbound().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            run(() -> subscription.request(n));
                        }

                        @Override
                        public void cancel() {
                            run(subscription::cancel);
                        }
                    });
                }

                @Override
                public void onNext(ByteBuffer item) {
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable error) {
                    subscriber.onError(error);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            }));
        }

        @Override
        public CompletionStage<Void> write(ByteBuffer data) {
            return call(() -> delegate.write(data));
        }

        @Override
        public CompletionStage<Void> closeWrite() {
            return call(delegate::closeWrite);
        }

        @Override
        public void reset() {
            run(delegate::reset);
        }
    }
}
