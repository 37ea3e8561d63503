package org.aegis.example.loopback;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A transport for a node alone, without a network: it reaches only this node. Streams this node opens to itself
 * go to its own handler of the protocol, publications go to its own subscribers, and a dial of any other peer
 * fails. What runs on top (a plugin's protocol, its gossip) behaves as it would on a real transport, with the
 * same threads, back-pressure and errors: a development and test aid, like a loopback network interface.
 *
 * <p>One thread, {@value #THREAD}, owned here and stopped in {@link #deactivate}, plays the part of libp2p's event
 * loop: it calls handlers and subscribers, signals stream subscribers and completes the stages. Every method only
 * queues work for it and returns.
 *
 * <p>Consumers bind the transport ranked highest: this one registers at {@code service.ranking} -100, below
 * libp2p's 0, so installing it beside libp2p changes nothing; raise it in the configuration ({@link #PID}) to use it.
 *
 * <p>One deliberate difference from {@link Transport#subscribe}, whose javadoc says a node's own publications are
 * not delivered to its own subscribers: on a node alone they are the only ones, so they are delivered unless the
 * configuration's {@code deliverOwnPublications} is false (then a publication reaches nobody, as on libp2p).
 */
@Component(service = Transport.class, configurationPid = LoopbackTransport.PID)
@Designate(ocd = LoopbackTransport.Config.class)
public final class LoopbackTransport implements Transport {
    static final String PID = "org.aegis.example.loopback";
    static final String NAME = "loopback";
    static final String THREAD = "loopback-transport";
    private static final long STOP_WAIT_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(LoopbackTransport.class.getName());

    @ObjectClassDefinition(name = "AEGIS example: loopback transport",
            description = "A transport that reaches only this node: for development without a network.")
    public @interface Config {
        @AttributeDefinition(name = "Service ranking",
                description = "Consumers use the transport ranked highest; libp2p has 0. Above 0 makes this the one.")
        int service_ranking() default -100;

        @AttributeDefinition(name = "Stream window (bytes)",
                description = "Unread bytes a stream holds before writes wait for the reader; 1 to 67108864.")
        int streamWindowBytes() default 256 * 1024;

        @AttributeDefinition(name = "Max message (bytes)", description = "Largest publication; 1 to 67108864.")
        int maxMessageBytes() default 1024 * 1024;

        @AttributeDefinition(name = "Deliver own publications",
                description = "Whether this node's subscribers receive its own publications (libp2p: never).")
        boolean deliverOwnPublications() default true;
    }

    private final String self;
    private final List<Multiaddr> addresses;
    private final int window;
    private final int maxMessageBytes;
    private final boolean deliverOwnPublications;
    private final ExecutorService loop;
    /** Runs a task on {@link #loop}, logging what it throws so the thread survives a faulty callback. */
    private final Executor guardedLoop;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<String, HandlerRegistration> handlers = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Stream ends not yet done both ways, reset when the transport stops. Touched on the loop thread only. */
    private final Set<LoopbackStream> openStreams = new HashSet<>();
    private volatile boolean stopped;

    @Activate
    public LoopbackTransport(Config config, @Reference(name = "identity") NodeIdentity identity) {
        this.window = within(config.streamWindowBytes(), "streamWindowBytes");
        this.maxMessageBytes = within(config.maxMessageBytes(), "maxMessageBytes");
        this.deliverOwnPublications = config.deliverOwnPublications();
        this.self = identity.peerId();
        // no network address to listen on: the address names the peer alone (as libp2p's /p2p/ component does)
        this.addresses = List.of(new Multiaddr("/p2p/" + self));
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, THREAD);
            threads.add(thread);
            return thread;
        });
        this.guardedLoop = task -> loop.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "A loopback transport callback failed", e);
            }
        });
    }

    private static int within(int value, String name) {
        if (value < 1 || value > 64 << 20) {
            throw new IllegalArgumentException(PID + ": " + name + " must be 1 to " + (64 << 20) + ", not " + value);
        }
        return value;
    }

    /** Resets the open streams, then stops the thread: no handler or subscriber is called afterwards. */
    @Deactivate
    void deactivate() {
        stopped = true;
        try {
            guardedLoop.execute(() -> new ArrayList<>(openStreams)
                    .forEach(s -> s.resetHere(new IOException(s + " was reset: the transport stopped"))));
        } catch (RejectedExecutionException e) {
            // already stopped
        }
        loop.shutdown();
        try {
            if (!loop.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "A loopback callback did not return within {0} s", STOP_WAIT_SECONDS);
                loop.shutdownNow();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
        handlers.clear();
        subscriptions.clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return addresses;
    }

    @Override
    public List<PeerInfo> peers() {
        return List.of(); // this node is not its own peer
    }

    @Override
    public CompletionStage<PeerInfo> dial(Multiaddr address) {
        if (address == null || address.value() == null || !address.value().startsWith("/")
                || address.value().length() < 2 || address.value().contains("//")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a multiaddr: " + address));
        }
        if (address.value().endsWith("/p2p/" + self) || address.value().contains("/p2p/" + self + "/")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot dial this node itself"));
        }
        return CompletableFuture.failedFuture(new IOException("the loopback transport reaches no other node:"
                + " cannot dial " + address + "; install a network transport (libp2p) to connect to peers"));
    }

    @Override
    public Registration handle(String protocolId, StreamHandler handler) {
        checkProtocol(protocolId);
        if (handler == null) {
            throw new IllegalArgumentException("no handler given for " + protocolId);
        }
        if (stopped) {
            throw new IllegalStateException("the loopback transport is stopped");
        }
        HandlerRegistration registration = new HandlerRegistration(protocolId, handler);
        if (handlers.putIfAbsent(protocolId, registration) != null) {
            throw new IllegalStateException("protocol " + protocolId + " already has a handler; close its registration"
                    + " first");
        }
        return registration;
    }

    @Override
    public CompletionStage<Stream> openStream(String peerId, String protocolId) {
        try {
            checkProtocol(protocolId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!self.equals(peerId)) {
            return CompletableFuture.failedFuture(notConnected(peerId));
        }
        CompletableFuture<Stream> opened = new CompletableFuture<>();
        onLoop(opened, () -> {
            HandlerRegistration registration = handlers.get(protocolId);
            if (registration == null || registration.closed) {
                opened.completeExceptionally(new IOException("this node does not handle protocol " + protocolId));
                return;
            }
            LoopbackStream.Pair pair = LoopbackStream.pair(protocolId, self, window, guardedLoop, openStreams::remove);
            openStreams.add(pair.opener());
            openStreams.add(pair.acceptor());
            try {
                registration.handler.onStream(pair.acceptor());
            } catch (RuntimeException e) {
                // as libp2p does: the handler's failure resets its stream, the opener sees the reset
                LOG.log(Level.ERROR, "Handler of " + protocolId + " failed on a new stream; resetting it", e);
                pair.acceptor().reset();
            }
            opened.complete(pair.opener());
        });
        return opened;
    }

    @Override
    public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
        checkTopic(topic);
        if (handler == null) {
            throw new IllegalArgumentException("no handler given for topic " + topic);
        }
        if (stopped) {
            throw new IllegalStateException("the loopback transport is stopped");
        }
        Subscription subscription = new Subscription(topic, handler);
        subscriptions.add(subscription);
        return subscription;
    }

    @Override
    public CompletionStage<Duration> ping(String peerId) {
        if (!self.equals(peerId)) {
            return CompletableFuture.failedFuture(notConnected(peerId));
        }
        long start = System.nanoTime();
        CompletableFuture<Duration> answered = new CompletableFuture<>();
        // a round trip through the transport's thread: what a ping of this node costs
        onLoop(answered, () -> answered.complete(Duration.ofNanos(System.nanoTime() - start)));
        return answered;
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] data) {
        try {
            checkTopic(topic);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (data == null || data.length > maxMessageBytes) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a message on " + topic + " needs 0 to "
                    + maxMessageBytes + " bytes, not " + (data == null ? "null" : data.length)));
        }
        byte[] copy = data.clone(); // the caller may reuse its array once this returns
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        onLoop(handedOver, () -> {
            if (deliverOwnPublications) {
                for (Subscription s : subscriptions) {
                    if (s.topic.equals(topic) && !s.closed) {
                        // each subscriber its own array: one that changes it cannot change another's message
                        s.deliver(new PubSubMessage(topic, self, copy.clone()));
                    }
                }
            }
            handedOver.complete(null);
        });
        return handedOver;
    }

    /** Runs {@code task} on the transport's thread, or fails {@code stage} when the transport is stopped. */
    private void onLoop(CompletableFuture<?> stage, Runnable task) {
        IllegalStateException stoppedError = new IllegalStateException("the loopback transport is stopped");
        if (stopped) {
            stage.completeExceptionally(stoppedError);
            return;
        }
        try {
            guardedLoop.execute(() -> {
                if (stopped) {
                    stage.completeExceptionally(stoppedError);
                } else {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            stage.completeExceptionally(stoppedError);
        }
    }

    private IllegalStateException notConnected(String peerId) {
        return new IllegalStateException("not connected to " + peerId + ": the loopback transport reaches only this"
                + " node, " + self);
    }

    private static void checkProtocol(String protocolId) {
        if (protocolId == null || !protocolId.startsWith("/") || protocolId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a protocol id starts with '/' and has no white space: " + protocolId);
        }
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("a topic must not be blank");
        }
    }

    /** A protocol's handler; closing it lets the protocol be handled anew. */
    private final class HandlerRegistration implements Registration {
        private final String protocolId;
        private final StreamHandler handler;
        private volatile boolean closed;

        HandlerRegistration(String protocolId, StreamHandler handler) {
            this.protocolId = protocolId;
            this.handler = handler;
        }

        @Override
        public void close() {
            closed = true;
            handlers.remove(protocolId, this);
        }
    }

    /** A subscriber of a topic; after {@link #close} it is called no more. */
    private final class Subscription implements Registration {
        private final String topic;
        private final Consumer<PubSubMessage> handler;
        private volatile boolean closed;

        Subscription(String topic, Consumer<PubSubMessage> handler) {
            this.topic = topic;
            this.handler = handler;
        }

        void deliver(PubSubMessage message) {
            try {
                handler.accept(message);
            } catch (RuntimeException e) {
                // as libp2p does: logged, and the next message is delivered as usual
                LOG.log(Level.WARNING, "Subscriber of " + topic + " failed on a message", e);
            }
        }

        @Override
        public void close() {
            closed = true;
            subscriptions.remove(this);
        }
    }
}
