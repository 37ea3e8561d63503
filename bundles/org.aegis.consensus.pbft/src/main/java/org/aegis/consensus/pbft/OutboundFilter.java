package org.aegis.consensus.pbft;

/**
 * Sees every frame a replica sends, for simulations and fault-injection tests: it may pass the frame on, replace it or
 * drop it. Production replicas have none.
 */
@FunctionalInterface
public interface OutboundFilter {
    /** The frame to send to {@code peerId} instead of {@code frame}; {@code null} drops it. */
    byte[] filter(String peerId, byte[] frame);
}
