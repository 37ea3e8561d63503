package org.aegis.consensus.pbft.testing;

import java.nio.ByteBuffer;

/**
 * Sees every frame a replica sends, for fault-injection tests and simulations: it may pass the frame on, replace it or
 * drop it. The test networks apply it to the replica's stream writes; replicas themselves have no such hook.
 */
@FunctionalInterface
public interface OutboundFilter {
    /** The frame to send to {@code peerId} instead of {@code frame}; {@code null} drops it. */
    byte[] filter(String peerId, byte[] frame);

    /**
     * {@link #filter} applied to one write of a PBFT stream, which is what a network sees: the replica's links write
     * each frame alone, behind its 4-byte big-endian length. Returns the write to make instead; {@code null} drops it.
     */
    default byte[] filterWrite(String peerId, byte[] write) {
        ByteBuffer in = ByteBuffer.wrap(write);
        if (write.length < 4 || in.getInt() != in.remaining()) {
            throw new IllegalArgumentException("a PBFT stream write that is not one length-prefixed frame");
        }
        byte[] frame = new byte[in.remaining()];
        in.get(frame);
        byte[] out = filter(peerId, frame);
        return out == null ? null : ByteBuffer.allocate(4 + out.length).putInt(out.length).put(out).array();
    }
}
