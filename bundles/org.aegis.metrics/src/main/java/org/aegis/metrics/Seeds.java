package org.aegis.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The network's default seed: different for every node, the same across a node's restarts. */
final class Seeds {
    private Seeds() {
    }

    /** The first 8 bytes (big-endian) of SHA-256 of the peer id's UTF-8 bytes. */
    static long fromPeerId(String peerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(peerId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e); // every Java platform has it
        }
    }

    /** The configured seed, or the one derived from the peer id when it is 0. */
    static long effective(long configured, String peerId) {
        return configured != 0 ? configured : fromPeerId(peerId);
    }
}
