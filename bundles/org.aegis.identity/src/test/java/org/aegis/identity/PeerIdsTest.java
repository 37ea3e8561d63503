package org.aegis.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdsTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * libp2p specs, peer-ids/peer-ids.md, "Test vectors": the ED25519 private key as a {@code PrivateKey} protobuf
     * (Data = 32-byte seed followed by the 32-byte public key) and its {@code PublicKey} protobuf.
     */
    static final String SPEC_ED25519_PRIVATE_KEY_PROTOBUF = "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1"
            + "feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String SPEC_ED25519_PUBLIC_KEY_PROTOBUF =
            "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    /** The seed and the raw public key inside the spec's private key protobuf. */
    static final String SPEC_SEED = "7e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d";
    static final String SPEC_RAW_PUBLIC_KEY = "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    /**
     * The peer id of that key, as go-libp2p asserts it (p2p/http/auth/auth_test.go, TestWalkthroughInSpec:
     * {@code peer.IDFromPrivateKey} of the spec's ED25519 private key).
     */
    static final String SPEC_PEER_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

    @Test
    void specPrivateKeyVectorSplitsIntoSeedAndPublicKey() {
        byte[] privateKeyProtobuf = HEX.parseHex(SPEC_ED25519_PRIVATE_KEY_PROTOBUF);
        // PrivateKey { Type = Ed25519, Data = 64 bytes }
        assertArrayEquals(HEX.parseHex("08011240"), Arrays.copyOfRange(privateKeyProtobuf, 0, 4));
        assertEquals(SPEC_SEED, HEX.formatHex(privateKeyProtobuf, 4, 36));
        assertEquals(SPEC_RAW_PUBLIC_KEY, HEX.formatHex(privateKeyProtobuf, 36, 68));
    }

    @Test
    void specSeedGivesSpecPublicKeyProtobufAndPeerId() {
        byte[] rawPublicKey = new Ed25519PrivateKeyParameters(HEX.parseHex(SPEC_SEED)).generatePublicKey().getEncoded();
        assertEquals(SPEC_RAW_PUBLIC_KEY, HEX.formatHex(rawPublicKey));
        assertArrayEquals(HEX.parseHex(SPEC_ED25519_PUBLIC_KEY_PROTOBUF), PublicKeyProtobuf.encodeEd25519(rawPublicKey));

        String peerId = PeerIds.fromEd25519PublicKey(rawPublicKey);
        assertEquals(SPEC_PEER_ID, peerId);
        // identity multihash: code 0x00, length 0x24 (36), then the protobuf
        assertArrayEquals(HEX.parseHex("0024" + SPEC_ED25519_PUBLIC_KEY_PROTOBUF), Base58.decode(peerId));
        assertArrayEquals(rawPublicKey, PeerIds.toEd25519PublicKey(peerId));
    }

    /** go-libp2p, same test: the key made from an all-zero seed. */
    @Test
    void zeroSeedGivesGoLibp2pPeerId() {
        byte[] rawPublicKey = new Ed25519PrivateKeyParameters(new byte[32]).generatePublicKey().getEncoded();
        assertEquals("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", HEX.formatHex(rawPublicKey));
        assertEquals("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN", PeerIds.fromEd25519PublicKey(rawPublicKey));
    }

    /** The Ed25519 example in the spec's "Decoding" section parses and encodes back to itself. */
    @Test
    void specExamplePeerIdRoundTrips() {
        String example = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
        byte[] rawPublicKey = PeerIds.toEd25519PublicKey(example);
        assertEquals("2ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b", HEX.formatHex(rawPublicKey));
        assertEquals(example, PeerIds.fromEd25519PublicKey(rawPublicKey));
    }

    @Test
    void everyEd25519PeerIdStartsWith12D3KooW() {
        for (int i = 0; i < 50; i++) {
            byte[] key = new byte[32];
            Arrays.fill(key, (byte) (i * 5));
            key[31] = (byte) i;
            String peerId = PeerIds.fromEd25519PublicKey(key);
            assertTrue(peerId.startsWith("12D3KooW"), peerId);
            assertEquals(52, peerId.length(), peerId);
        }
    }

    @Test
    void encodingRejectsAKeyThatIsNot32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> PeerIds.fromEd25519PublicKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> PeerIds.fromEd25519PublicKey(new byte[33]));
    }

    @Test
    void rejectsSha256PeerId() {
        assertRejected("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "SHA2-256");
    }

    @Test
    void rejectsOtherKeyTypes() {
        // the spec's secp256k1 public key vector, as an identity multihash peer id (16Uiu2…)
        byte[] secp256k1 = HEX.parseHex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99");
        String peerId = Base58.encode(multihash(0x00, secp256k1.length, secp256k1));
        assertTrue(peerId.startsWith("16Uiu2"), peerId);
        assertRejected(peerId, "Secp256k1");
    }

    @Test
    void rejectsWrongMultihashCode() {
        byte[] protobuf = HEX.parseHex(SPEC_ED25519_PUBLIC_KEY_PROTOBUF);
        assertRejected(Base58.encode(multihash(0x01, 36, protobuf)), "multihash code 0x1");
    }

    @Test
    void rejectsMultihashLengthThatDoesNotMatch() {
        byte[] protobuf = HEX.parseHex(SPEC_ED25519_PUBLIC_KEY_PROTOBUF);
        assertRejected(Base58.encode(multihash(0x00, 35, protobuf)), "declares 35 bytes but carries 36");
        byte[] truncated = Arrays.copyOf(protobuf, 35);
        assertRejected(Base58.encode(multihash(0x00, 36, truncated)), "declares 36 bytes but carries 35");
        assertRejected(Base58.encode(multihash(0x00, 43, new byte[43])), "more than the 42");
        assertRejected(Base58.encode(new byte[] {0x00}), "too short");
    }

    @Test
    void rejectsNonCanonicalProtobuf() {
        byte[] raw = HEX.parseHex(SPEC_RAW_PUBLIC_KEY);
        // Data before Type: valid protobuf, but not the deterministic encoding
        byte[] reordered = new byte[36];
        reordered[0] = 0x12;
        reordered[1] = 0x20;
        System.arraycopy(raw, 0, reordered, 2, 32);
        reordered[34] = 0x08;
        reordered[35] = 0x01;
        assertRejected(Base58.encode(multihash(0x00, 36, reordered)), "does not start with the Type field");
        // a trailing extra field
        byte[] canonical = HEX.parseHex(SPEC_ED25519_PUBLIC_KEY_PROTOBUF);
        byte[] extended = Arrays.copyOf(canonical, 38);
        extended[36] = 0x18;
        extended[37] = 0x01;
        assertRejected(Base58.encode(multihash(0x00, 38, extended)), "trailing or missing bytes");
        // a Data field of the wrong length
        byte[] shortData = Arrays.copyOf(canonical, 35);
        shortData[3] = 31;
        assertRejected(Base58.encode(multihash(0x00, 35, shortData)), "32-byte Data field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1", "0OIl", "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pqq",
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pqQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"})
    void rejectsGarbage(String peerId) {
        assertThrows(IllegalArgumentException.class, () -> PeerIds.toEd25519PublicKey(peerId));
    }

    private static void assertRejected(String peerId, String messagePart) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PeerIds.toEd25519PublicKey(peerId));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    private static byte[] multihash(int code, int declaredLength, byte[] digest) {
        byte[] multihash = new byte[2 + digest.length];
        multihash[0] = (byte) code;
        multihash[1] = (byte) declaredLength;
        System.arraycopy(digest, 0, multihash, 2, digest.length);
        return multihash;
    }
}
