package org.aegis.transport.libp2p.connection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** The protocols this node accepts streams for, built-in and registered by applications, in a stable order. */
public final class ProtocolRegistry {
    /** Takes a stream the peer opened for a registered protocol; called on the connection's event loop. */
    public interface StreamAcceptor {
        void accept(Connection connection, Libp2pStream stream);
    }

    private final Map<String, StreamAcceptor> handlers = new ConcurrentSkipListMap<>();

    /** Registers {@code handler}; returns false when the protocol already has one. */
    public boolean register(String protocolId, StreamAcceptor handler) {
        return handlers.putIfAbsent(protocolId, handler) == null;
    }

    public void unregister(String protocolId, StreamAcceptor handler) {
        handlers.remove(protocolId, handler);
    }

    public boolean supports(String protocolId) {
        return handlers.containsKey(protocolId);
    }

    public List<String> protocols() {
        return List.copyOf(handlers.keySet());
    }

    /** The handler of a negotiated protocol, or {@code null} when it was unregistered meanwhile. */
    StreamAcceptor handler(String protocolId) {
        return handlers.get(protocolId);
    }
}
