package org.aegis.api.transport;

/** A multiaddr in its string form, e.g. {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…}; parsed by the transport. */
public record Multiaddr(String value) {
    @Override
    public String toString() {
        return value;
    }
}
