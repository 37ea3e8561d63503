package org.aegis.transport.memory.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.StreamHandler;

/** One incarnation of a peer on the network: its handlers, subscriptions and connections. A restart makes a new one. */
public final class Node {
    private final String peerId;
    private final long port;
    private final Multiaddr address;
    /** By peer id, sorted, so that every iteration (peers, publish fan-out) is reproducible. */
    final Map<String, Connection> connections = new TreeMap<>();
    private final Map<String, StreamHandler> handlers = new TreeMap<>();
    private final Map<String, List<Subscription>> subscriptions = new HashMap<>();
    private boolean crashed;

    private final class Subscription implements Registration {
        private final String topic;
        private final Consumer<PubSubMessage> handler;

        Subscription(String topic, Consumer<PubSubMessage> handler) {
            this.topic = topic;
            this.handler = handler;
        }

        @Override
        public void close() {
            List<Subscription> list = subscriptions.get(topic);
            if (list != null && list.remove(this) && list.isEmpty()) {
                subscriptions.remove(topic);
            }
        }
    }

    Node(String peerId, long port) {
        this.peerId = peerId;
        this.port = port;
        this.address = MemoryAddress.format(port, peerId);
    }

    public String peerId() {
        return peerId;
    }

    public long port() {
        return port;
    }

    public Multiaddr address() {
        return address;
    }

    public boolean isCrashed() {
        return crashed;
    }

    void crash() {
        crashed = true;
        handlers.clear();
        subscriptions.clear();
    }

    void requireAlive() {
        if (crashed) {
            throw new IllegalStateException("the memory transport of " + peerId + " has crashed; restart it on the network");
        }
    }

    /** The latest handler for a protocol wins; closing a replaced registration leaves its successor alone. */
    public Registration handle(String protocolId, StreamHandler handler) {
        requireAlive();
        requireName(protocolId, "protocolId");
        Objects.requireNonNull(handler, "handler");
        handlers.put(protocolId, handler);
        return () -> handlers.remove(protocolId, handler);
    }

    StreamHandler handler(String protocolId) {
        return handlers.get(protocolId);
    }

    List<String> protocols() {
        return List.copyOf(handlers.keySet());
    }

    public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
        requireAlive();
        requireName(topic, "topic");
        Subscription subscription = new Subscription(topic, Objects.requireNonNull(handler, "handler"));
        subscriptions.computeIfAbsent(topic, t -> new ArrayList<>()).add(subscription);
        return subscription;
    }

    boolean subscribes(String topic) {
        return subscriptions.containsKey(topic);
    }

    /** Hands a message to every current subscriber of the topic, each with its own copy. */
    void deliver(String topic, String from, byte[] data) {
        List<Subscription> list = subscriptions.get(topic);
        if (list == null) {
            return;
        }
        for (Subscription subscription : List.copyOf(list)) {
            subscription.handler.accept(new PubSubMessage(topic, from, data.clone()));
        }
    }

    static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "Node[" + address + (crashed ? ", crashed]" : "]");
    }
}
