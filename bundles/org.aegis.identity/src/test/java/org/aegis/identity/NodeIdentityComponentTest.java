package org.aegis.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;
import org.aegis.api.store.Store;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdentityComponentTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DATA = "a consensus message".getBytes(StandardCharsets.UTF_8);

    private final InMemoryStore store = new InMemoryStore();

    @Test
    void firstStartMakesAndStoresAKey() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);

        byte[] seed = store.map(Store.REGISTRY).get(NodeIdentityComponent.SEED_KEY).orElseThrow();
        assertEquals(32, seed.length);
        assertEquals(1, store.commits());
        assertTrue(identity.peerId().startsWith("12D3KooW"), identity.peerId());
        byte[] publicKey = identity.publicKey();
        assertEquals(36, publicKey.length);
        assertArrayEquals(HEX.parseHex("08011220"), Arrays.copyOf(publicKey, 4));
        assertArrayEquals(Arrays.copyOfRange(publicKey, 4, 36), PeerIds.toEd25519PublicKey(identity.peerId()));
    }

    @Test
    void restartWithTheSameStoreKeepsTheKey() {
        NodeIdentityComponent first = new NodeIdentityComponent(store);
        byte[] signature = first.sign(DATA);

        NodeIdentityComponent restarted = new NodeIdentityComponent(store);

        assertEquals(first.peerId(), restarted.peerId());
        assertArrayEquals(first.publicKey(), restarted.publicKey());
        assertArrayEquals(signature, restarted.sign(DATA), "Ed25519 is deterministic: same key, same signature");
        assertEquals(1, store.commits(), "a restart writes nothing");
    }

    @Test
    void separateStoresGiveSeparateIdentities() {
        NodeIdentityComponent a = new NodeIdentityComponent(store);
        NodeIdentityComponent b = new NodeIdentityComponent(new InMemoryStore());
        assertNotEquals(a.peerId(), b.peerId());
    }

    @Test
    void newKeyComesFromTheGivenRandomness() {
        SecureRandom zeros = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0);
            }
        };
        NodeIdentityComponent identity = new NodeIdentityComponent(store, zeros);
        assertEquals("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN", identity.peerId());
        assertArrayEquals(new byte[32], store.map(Store.REGISTRY).get(NodeIdentityComponent.SEED_KEY).orElseThrow());
    }

    /** The libp2p spec's Ed25519 key, stored as a seed, gives its peer id and public key protobuf. */
    @Test
    void storedSpecSeedGivesSpecIdentity() {
        store.preload(Store.REGISTRY, NodeIdentityComponent.SEED_KEY, HEX.parseHex(PeerIdsTest.SPEC_SEED));

        NodeIdentityComponent identity = new NodeIdentityComponent(store);

        assertEquals(PeerIdsTest.SPEC_PEER_ID, identity.peerId());
        assertArrayEquals(HEX.parseHex(PeerIdsTest.SPEC_ED25519_PUBLIC_KEY_PROTOBUF), identity.publicKey());
        assertEquals(0, store.commits());
    }

    /**
     * go-libp2p p2p/http/auth/auth_test.go, TestWalkthroughInSpec: the spec key's signature of the client's
     * {@code libp2p-PeerID} data to sign (scheme name, then each part prefixed with its varint length).
     */
    @Test
    void signatureMatchesGoLibp2pVector() {
        store.preload(Store.REGISTRY, NodeIdentityComponent.SEED_KEY, HEX.parseHex(PeerIdsTest.SPEC_SEED));
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        String challenge = "challenge-client=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        String hostname = "hostname=\"example.com\"";
        byte[] data = ("libp2p-PeerID" + (char) challenge.length() + challenge + (char) hostname.length() + hostname)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Base64.getUrlDecoder().decode(
                "F5OBYbbMXoIVJNWrW0UANi7rrbj4GCB6kcEceQjajLTMvC-_jpBF9MFlxiaNYXOEiPQqeo_S56YUSNinwl0ZCQ==");

        assertArrayEquals(expected, identity.sign(data));
        assertTrue(identity.verify(PeerIdsTest.SPEC_PEER_ID, data, expected));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 33, 64})
    void refusesToStartOnACorruptSeedAndLeavesItUntouched(int length) {
        byte[] corrupt = new byte[length];
        Arrays.fill(corrupt, (byte) 0x5a);
        store.preload(Store.REGISTRY, NodeIdentityComponent.SEED_KEY, corrupt);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new NodeIdentityComponent(store));

        assertTrue(e.getMessage().contains(NodeIdentityComponent.SEED_KEY), e.getMessage());
        assertTrue(e.getMessage().contains("is " + length + " bytes, expected an Ed25519 seed of 32"), e.getMessage());
        assertArrayEquals(corrupt, store.map(Store.REGISTRY).get(NodeIdentityComponent.SEED_KEY).orElseThrow());
        assertEquals(0, store.commits(), "the corrupt key is not overwritten");
    }

    @Test
    void signAndVerifyRoundTrip() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] signature = identity.sign(DATA);
        assertEquals(64, signature.length);
        assertTrue(identity.verify(identity.peerId(), DATA, signature));

        byte[] empty = new byte[0];
        assertTrue(identity.verify(identity.peerId(), empty, identity.sign(empty)));
    }

    @Test
    void verifiesAnotherNodesSignatureByItsPeerId() {
        NodeIdentityComponent other = new NodeIdentityComponent(new InMemoryStore());
        NodeIdentityComponent self = new NodeIdentityComponent(store);
        assertTrue(self.verify(other.peerId(), DATA, other.sign(DATA)));
    }

    @Test
    void rejectsTamperedDataOrSignature() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] signature = identity.sign(DATA);

        byte[] tamperedData = DATA.clone();
        tamperedData[0] ^= 1;
        assertFalse(identity.verify(identity.peerId(), tamperedData, signature));
        assertFalse(identity.verify(identity.peerId(), Arrays.copyOf(DATA, DATA.length + 1), signature));

        for (int i : new int[] {0, 31, 32, 63}) {
            byte[] tamperedSignature = signature.clone();
            tamperedSignature[i] ^= 0x10;
            assertFalse(identity.verify(identity.peerId(), DATA, tamperedSignature), "byte " + i);
        }
    }

    @Test
    void rejectsSignatureOfAnotherPeer() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        NodeIdentityComponent other = new NodeIdentityComponent(new InMemoryStore());
        assertFalse(identity.verify(other.peerId(), DATA, identity.sign(DATA)));
        assertFalse(identity.verify(identity.peerId(), DATA, other.sign(DATA)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "Qm", "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
        "12D3KooW", "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3p", "not a peer id at all",
        "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"})
    void rejectsGarbagePeerIds(String peerId) {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        assertFalse(identity.verify(peerId, DATA, identity.sign(DATA)));
    }

    @Test
    void rejectsAPeerIdWhoseKeyIsNotACurvePoint() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff); // y >= p: not a canonical point encoding
        String peerId = PeerIds.fromEd25519PublicKey(notAPoint);
        assertFalse(identity.verify(peerId, DATA, new byte[64]));
    }

    @Test
    void rejectsSignaturesOfTheWrongLength() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] signature = identity.sign(DATA);
        assertFalse(identity.verify(identity.peerId(), DATA, new byte[0]));
        assertFalse(identity.verify(identity.peerId(), DATA, Arrays.copyOf(signature, 63)));
        assertFalse(identity.verify(identity.peerId(), DATA, Arrays.copyOf(signature, 65)));
    }

    @Test
    void nullArgumentsAreNotValidSignatures() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] signature = identity.sign(DATA);
        assertFalse(identity.verify(null, DATA, signature));
        assertFalse(identity.verify(identity.peerId(), null, signature));
        assertFalse(identity.verify(identity.peerId(), DATA, null));
    }

    @Test
    void publicKeyIsACopy() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] publicKey = identity.publicKey();
        publicKey[4] ^= 1;
        assertNotEquals(publicKey[4], identity.publicKey()[4]);
    }

    @Test
    void reportsHealth() {
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        assertEquals("identity", identity.component());
        ComponentHealth health = identity.health();
        assertEquals("identity", health.component());
        assertEquals(HealthState.UP, health.state());
        assertTrue(health.detail().contains(identity.peerId()), health.detail());
    }

    @Test
    void toStringShowsThePeerIdAndNotThePrivateKey() {
        store.preload(Store.REGISTRY, NodeIdentityComponent.SEED_KEY, HEX.parseHex(PeerIdsTest.SPEC_SEED));
        NodeIdentityComponent identity = new NodeIdentityComponent(store);
        byte[] seed = HEX.parseHex(PeerIdsTest.SPEC_SEED);
        String text = identity.toString() + identity.health();

        assertTrue(text.contains(PeerIdsTest.SPEC_PEER_ID), text);
        for (String seedText : new String[] {PeerIdsTest.SPEC_SEED, PeerIdsTest.SPEC_SEED.toUpperCase(),
            Base64.getEncoder().encodeToString(seed), Base58.encode(seed), Arrays.toString(seed)}) {
            assertFalse(text.contains(seedText), text);
        }
    }
}
