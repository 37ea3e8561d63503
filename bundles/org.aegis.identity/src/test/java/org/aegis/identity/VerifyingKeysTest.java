package org.aegis.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

class VerifyingKeysTest {
    private final VerifyingKeys keys = new VerifyingKeys();

    @Test
    void decodesThePeerIdsKeyOnceAndKeepsIt() {
        Ed25519PublicKeyParameters key = keys.of(PeerIdsTest.SPEC_PEER_ID);
        assertArrayEquals(HexFormat.of().parseHex(PeerIdsTest.SPEC_RAW_PUBLIC_KEY), key.getEncoded());
        assertSame(key, keys.of(PeerIdsTest.SPEC_PEER_ID));
    }

    @Test
    void aMalformedPeerIdIsRefusedAndNotKept() {
        assertThrows(RuntimeException.class, () -> keys.of("not-a-peer-id"));
        assertThrows(RuntimeException.class, () -> keys.of("not-a-peer-id"));
    }

    @Test
    void startsOverPastItsCapacity() {
        Ed25519PublicKeyParameters first = keys.of(PeerIdsTest.SPEC_PEER_ID);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < VerifyingKeys.CAPACITY; i++) {
            byte[] raw = new Ed25519PrivateKeyParameters(random).generatePublicKey().getEncoded();
            keys.of(PeerIds.fromEd25519PublicKey(raw));
        }
        assertNotSame(first, keys.of(PeerIdsTest.SPEC_PEER_ID));
    }
}
