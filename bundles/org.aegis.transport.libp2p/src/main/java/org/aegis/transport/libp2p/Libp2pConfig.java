package org.aegis.transport.libp2p;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the libp2p transport (PID {@code org.aegis.transport.libp2p}); checked by {@link TransportSettings}. */
@ObjectClassDefinition(id = Libp2pConfig.PID, name = "AEGIS libp2p transport",
        description = "libp2p over TCP: Noise, Yamux, identify, ping and gossipsub.")
public @interface Libp2pConfig {
    String PID = "org.aegis.transport.libp2p";

    @AttributeDefinition(name = "Listen host", description = "IP address to listen on; 0.0.0.0 for every IPv4 interface.")
    String listenHost() default "0.0.0.0";

    @AttributeDefinition(name = "Listen port", description = "TCP port, 0 to 65535; 0 picks a free one.")
    int port() default 4001;

    @AttributeDefinition(name = "Bootstrap peers",
            description = "Multiaddrs dialled at start and re-dialled when lost, e.g. /ip4/10.0.0.2/tcp/4001/p2p/12D3KooW…")
    String[] bootstrap() default {};

    @AttributeDefinition(name = "Max connections", description = "Most peers connected at once; 1 to 100000.")
    int maxConnections() default 256;

    @AttributeDefinition(name = "Max pending handshakes",
            description = "Inbound connections still in their handshake (multistream-select, Noise, Yamux) at once, "
                    + "from every address; more are closed at once, unread, until one finishes or times out "
                    + "(dial timeout). 1 to 100000.")
    int maxPendingHandshakes() default 64;

    @AttributeDefinition(name = "Max pending handshakes per address",
            description = "The same from one IP address (IPv6: one /64, loopback included), so that one source "
                    + "cannot take every pending place. 1 to 100000.")
    int maxPendingHandshakesPerAddress() default 8;

    @AttributeDefinition(name = "Max connections per address",
            description = "Established inbound connections from one IP address (IPv6: one /64, loopback included); "
                    + "a connection past it is closed once its handshake is done. 1 to 100000.")
    int maxConnectionsPerAddress() default 16;

    @AttributeDefinition(name = "Dial timeout (ms)",
            description = "Time for a dial, from TCP connect to the identified peer; also bounds inbound upgrades. 100 to 600000.")
    long dialTimeoutMs() default 10_000;

    @AttributeDefinition(name = "I/O threads", description = "Netty event loop threads; 0 for one per core (at most 8).")
    int ioThreads() default 0;

    @AttributeDefinition(name = "Max streams per connection", description = "Yamux streams open at once; 1 to 65536.")
    int maxStreamsPerConnection() default 1024;

    @AttributeDefinition(name = "Keepalive interval (ms)",
            description = "Yamux keepalive ping period; a ping unanswered by the next closes the connection. 1000 to 3600000.")
    long keepAliveIntervalMs() default 30_000;

    @AttributeDefinition(name = "Reconnect initial backoff (ms)",
            description = "First delay before re-dialling a lost bootstrap peer; doubles up to the maximum. 10 to 3600000.")
    long reconnectInitialMs() default 1_000;

    @AttributeDefinition(name = "Reconnect max backoff (ms)", description = "Cap of the re-dial delay; at least the initial one.")
    long reconnectMaxMs() default 60_000;

    @AttributeDefinition(name = "Pubsub queue", description = "RPCs waiting per peer before more are dropped; 1 to 65536.")
    int pubsubQueueCapacity() default 1024;
}
