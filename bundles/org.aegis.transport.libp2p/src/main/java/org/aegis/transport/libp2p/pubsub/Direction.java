package org.aegis.transport.libp2p.pubsub;

/** Which side opened the connection to a peer; gossipsub v1.1 keeps a quota of outbound peers in every mesh. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
