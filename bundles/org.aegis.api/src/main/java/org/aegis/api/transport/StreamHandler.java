package org.aegis.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles streams that peers open for a protocol registered with {@link Transport#handle}. Implemented by whoever
 * serves a protocol (the platform's consensus and federated learning, plugins for their own protocols).
 *
 * <p>Hot swap: the handler's owner registers it again on each transport it binds and closes the
 * {@link org.aegis.api.Registration} when it unbinds the transport or stops; streams already received stay its to
 * end. A transport that stops resets them.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a handler built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface StreamHandler {
    /**
     * Takes a stream the peer opened, once the protocol is negotiated. Called by the transport on its own thread
     * (libp2p: the connection's Netty event loop, shared by all of the connection's streams; in-memory: the thread
     * driving virtual time), possibly for several streams at once on different connections: must be thread-safe and
     * must not block. Subscribe to {@link Stream#inbound()} and return; do slow work (storage, computation)
     * elsewhere. The handler owns the stream from now on: close or reset it when done. If it throws, libp2p logs
     * the exception and resets the stream.
     */
    void onStream(Stream stream);
}
