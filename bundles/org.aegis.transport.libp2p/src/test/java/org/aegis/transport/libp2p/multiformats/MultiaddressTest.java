package org.aegis.transport.libp2p.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.TestIdentity;
import org.junit.jupiter.api.Test;

class MultiaddressTest {
    private final String peerId = new TestIdentity().peerId();

    @Test
    void binaryFormMatchesTheSpecExamples() {
        // /ip4/127.0.0.1/tcp/4001: code 4, 4 address bytes, code 6, 2 port bytes
        Multiaddress address = Multiaddress.parse("/ip4/127.0.0.1/tcp/4001");
        assertEquals("047f000001060fa1", HexFormat.of().formatHex(address.toBytes()));
        assertEquals(address, Multiaddress.fromBytes(address.toBytes()));
        Multiaddress dns = Multiaddress.parse("/dns4/example.com/tcp/443");
        assertEquals("360b6578616d706c652e636f6d0601bb", HexFormat.of().formatHex(dns.toBytes()));
    }

    @Test
    void roundTripsEveryProtocol() {
        for (String text : new String[] {"/ip4/10.1.2.3/tcp/0/p2p/" + peerId, "/ip6/::1/tcp/65535",
                "/ip6/2001:db8::8a2e:370:7334/tcp/1", "/dns/node.example/tcp/4001", "/dns6/a-b.c/tcp/9"}) {
            Multiaddress parsed = Multiaddress.parse(text);
            assertEquals(text, parsed.toString());
            assertEquals(parsed, Multiaddress.fromBytes(parsed.toBytes()));
        }
        assertEquals("/p2p/" + peerId, Multiaddress.parse("/ipfs/" + peerId).toString());
    }

    @Test
    void peerIdComponent() {
        Multiaddress address = Multiaddress.parse("/ip4/127.0.0.1/tcp/1/p2p/" + peerId);
        assertEquals(peerId, address.peerId().orElseThrow());
        assertEquals("/ip4/127.0.0.1/tcp/1", address.withoutPeerId().toString());
        assertEquals(address, address.withoutPeerId().withPeerId(peerId));
        assertEquals(1, address.tcpEndpoint().getPort());
    }

    @Test
    void badInputGetsClearErrors() {
        assertMessage("/ip4/300.1.1.1/tcp/1", "not an IPv4 address");
        assertMessage("/ip4/1.2.3.4/tcp/70000", "not a TCP port");
        assertMessage("/ip4/1.2.3.4/tcp/01", "not a TCP port");
        assertMessage("/udp/1", "unsupported multiaddr protocol '/udp'");
        assertMessage("ip4/1.2.3.4", "must start with '/'");
        assertMessage("/ip4", "needs a value");
        assertMessage("/p2p/QmNotBase58l0", "not base58btc");
        assertMessage("/ip6/1.2.3.4/tcp/1", "not an IPv6 address");
        assertMessage("/ip6/::ffff:1.2.3.4/tcp/1", "use /ip4");
        assertThrows(ProtocolException.class, () -> Multiaddress.parse("/dns4/example.com").tcpEndpoint());
        assertThrows(ProtocolException.class, () -> Multiaddress.fromBytes(new byte[] {4, 127, 0}));
        assertThrows(ProtocolException.class, () -> Multiaddress.fromBytes(new byte[] {(byte) 0x91, 2}));
    }

    private static void assertMessage(String text, String expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Multiaddress.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void base58KnownVectors() {
        assertEquals("2NEpo7TZRRrLZSi2U", Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("11", Base58.encode(new byte[2]));
        assertArrayEquals(new byte[] {0, 0, 1}, Base58.decode(Base58.encode(new byte[] {0, 0, 1})));
        assertThrows(IllegalArgumentException.class, () -> Base58.decode("0OIl"));
    }

    @Test
    void peerIdsAreIdentityMultihashesOfEd25519Keys() {
        byte[] raw = new byte[32];
        raw[31] = 7;
        byte[] key = PeerIds.encodeEd25519(raw);
        assertEquals("08011220", HexFormat.of().formatHex(key, 0, 4));
        String id = PeerIds.fromPublicKey(key);
        assertTrue(id.startsWith("12D3KooW"), id);
        assertArrayEquals(key, PeerIds.publicKey(id));
        assertArrayEquals(raw, PeerIds.ed25519Key(key));
        assertThrows(ProtocolException.class, () -> PeerIds.publicKey("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
    }

    @Test
    void uvarints() {
        var buffer = Unpooled.buffer();
        UVarint.write(buffer, 300);
        assertEquals("ac02", HexFormat.of().formatHex(io.netty.buffer.ByteBufUtil.getBytes(buffer)));
        assertEquals(300, UVarint.tryRead(buffer));
        assertEquals(UVarint.INCOMPLETE, UVarint.tryRead(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80})));
        assertThrows(ProtocolException.class, () -> UVarint.tryRead(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0})));
        assertThrows(ProtocolException.class, () -> UVarint.tryRead(Unpooled.wrappedBuffer(new byte[] {
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, 1})));
        assertEquals(2, UVarint.size(300));
    }

    @Test
    void theSpecsEd25519KeyGivesItsPeerId() {
        // the Ed25519 public key test vector of the libp2p peer-id spec
        byte[] key = HexFormat.of().parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        String id = PeerIds.fromPublicKey(key);
        assertTrue(id.startsWith("12D3KooW"), id);
        assertArrayEquals(key, PeerIds.publicKey(id));
        byte[] multihash = PeerIds.toBytes(id);
        assertEquals(0x00, multihash[0]);
        assertEquals(key.length, multihash[1]);
    }
}
