package org.aegis.transport.libp2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PeerIdsTest {
    /** The Ed25519 public key test vector of the libp2p peer-id spec. */
    private static final byte[] SPEC_PUBLIC_KEY =
            HexFormat.of().parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");

    @Test
    void anEd25519KeyGivesAnIdentityMultihashPeerId() {
        byte[] id = PeerIds.fromPublicKey(SPEC_PUBLIC_KEY);
        assertEquals(0x00, id[0]);
        assertEquals(SPEC_PUBLIC_KEY.length, id[1]);
        String text = PeerIds.toBase58(id);
        assertTrue(text.startsWith("12D3KooW"), text);
        assertArrayEquals(id, PeerIds.fromBase58(text));
        assertTrue(PeerIds.matches(id, SPEC_PUBLIC_KEY));
        assertFalse(PeerIds.matches(id, new TestIdentity(1).publicKey()));
    }

    @Test
    void base58KeepsLeadingZeroBytes() {
        byte[] bytes = {0, 0, 1, 2, (byte) 0xff};
        String text = PeerIds.toBase58(bytes);
        assertTrue(text.startsWith("11"), text);
        assertArrayEquals(bytes, PeerIds.fromBase58(text));
        assertArrayEquals(new byte[0], PeerIds.fromBase58(""));
        assertEquals("5Q", PeerIds.toBase58(new byte[] {(byte) 0xff}));
    }

    @Test
    void aCharacterOutsideTheAlphabetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerIds.fromBase58("12D3O"));
        assertTrue(e.getMessage().contains("'O'"), e.getMessage());
    }

    @Test
    void longKeysAreHashed() {
        byte[] id = PeerIds.fromPublicKey(new byte[300]);
        assertEquals(34, id.length);
        assertEquals(0x12, id[0]);
        assertEquals(32, id[1]);
    }
}
