package org.aegis.transport.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.aegis.api.transport.Stream;
import org.aegis.transport.libp2p.TransportSettings.InboundLimits;
import org.aegis.transport.libp2p.connection.InboundConnectionGate;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle raw TCP connections against a started transport. The flood comes from other loopback addresses
 * (127.0.0.2 and up, which Linux routes to the loopback interface) so that the genuine peer, dialling from
 * 127.0.0.1, is another source, as an attacker and a peer are on a network.
 */
class InboundFloodTest {
    private static final int FLOOD = 200;
    private static final InboundLimits LIMITS = new InboundLimits(16, 8, 16);

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Libp2pTransport> transports = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        transports.forEach(Libp2pTransport::close);
    }

    @Test
    void aFloodFromOneAddressGetsItsShareAndAPeerStillConnects() throws Exception {
        Libp2pTransport node = start(TransportSettings.defaults("127.0.0.1", 0, List.of()).withInboundLimits(LIMITS));
        node.handle("/test/echo/1.0.0", TransportTest::echo);
        InboundConnectionGate gate = node.inboundGate();

        List<Socket> flood = flood(node, loopback(2), FLOOD, gate);
        eventually(() -> gate.refused() == FLOOD - 8, "the surplus was refused");
        assertEquals(8, gate.pending());
        assertEquals(8, countHeld(flood), "the server holds the address's 8 places and closed the rest");

        Libp2pTransport peer = start(TransportSettings.defaults("127.0.0.1", 0, List.of()));
        assertEquals(node.localPeerId(), await(peer.dial(node.listenAddresses().get(0))).peerId());
        assertNotNull(await(peer.ping(node.localPeerId())));
        byte[] payload = "still answering".getBytes(StandardCharsets.UTF_8);
        Stream stream = await(peer.openStream(node.localPeerId(), "/test/echo/1.0.0"));
        CompletableFuture<byte[]> echoed = TransportTest.readAll(stream);
        await(stream.write(ByteBuffer.wrap(payload)));
        stream.closeWrite();
        assertArrayEquals(payload, echoed.get(10, TimeUnit.SECONDS));
        assertEquals(1, gate.establishedFrom(loopback(1)));
        assertEquals(8, gate.pending(), "the flood's places are still held, the peer's is not among them");
    }

    /**
     * Sources enough to fill the total are refused, a genuine peer too, until their connections close (here by
     * themselves, or by the handshake timeout, see below): the same as go-libp2p, which cannot tell a peer from an
     * attacker before the handshake either.
     */
    @Test
    void floodsFromManyAddressesFillTheTotalUntilTheyClose() throws Exception {
        Libp2pTransport node = start(TransportSettings.defaults("127.0.0.1", 0, List.of()).withInboundLimits(LIMITS));
        InboundConnectionGate gate = node.inboundGate();
        List<Socket> flood = new ArrayList<>();
        for (int source = 2; source <= 5; source++) {
            flood.addAll(flood(node, loopback(source), FLOOD / 4, gate));
        }
        eventually(() -> gate.refused() == FLOOD - 16, "the surplus was refused");
        assertEquals(16, gate.pending());
        assertEquals(16, countHeld(flood));

        Libp2pTransport peer = start(TransportSettings.defaults("127.0.0.1", 0, List.of()));
        assertThrows(ExecutionException.class, () -> await(peer.dial(node.listenAddresses().get(0))),
                "every pending place is taken");

        for (Socket socket : flood) {
            socket.close();
        }
        eventually(() -> gate.pending() == 0 && gate.sources() == 0, "the closed flood gave its places back");
        assertEquals(node.localPeerId(), await(peer.dial(node.listenAddresses().get(0))).peerId());
        assertNotNull(await(peer.ping(node.localPeerId())));
    }

    @Test
    void theHandshakeTimeoutClosesIdleConnectionsAndFreesTheirPlaces() throws Exception {
        Libp2pTransport node = start(TransportSettings.defaults("127.0.0.1", 0, List.of()).withInboundLimits(LIMITS)
                .withDialTimeout(Duration.ofMillis(300)));
        InboundConnectionGate gate = node.inboundGate();
        List<Socket> flood = flood(node, loopback(2), 8, gate);
        eventually(() -> gate.pending() == 8, "the server accepted the flood");
        for (Socket socket : flood) {
            socket.setSoTimeout(5_000);
            assertTrue(closedByServer(socket), "the server closed an idle connection at the handshake timeout");
        }
        eventually(() -> gate.pending() == 0 && gate.sources() == 0, "the timed-out connections gave their places back");
    }

    @Test
    void anAddressKeepsAtMostItsEstablishedConnections() throws Exception {
        Libp2pTransport node = start(TransportSettings.defaults("127.0.0.1", 0, List.of())
                .withInboundLimits(new InboundLimits(16, 8, 1)));
        Libp2pTransport first = start(TransportSettings.defaults("127.0.0.1", 0, List.of()));
        Libp2pTransport second = start(TransportSettings.defaults("127.0.0.1", 0, List.of()));
        await(first.dial(node.listenAddresses().get(0)));
        second.dial(node.listenAddresses().get(0));
        eventually(() -> node.inboundGate().refused() == 1, "the second connection from 127.0.0.1 was refused");
        eventually(() -> second.peers().isEmpty(), "the refused connection closed");
        assertEquals(List.of(first.localPeerId()), node.peers().stream().map(p -> p.peerId()).toList());
        assertNotNull(await(first.ping(node.localPeerId())));
    }

    private Libp2pTransport start(TransportSettings settings) {
        Libp2pTransport transport = new Libp2pTransport(settings, new TestIdentity());
        transports.add(transport);
        return transport;
    }

    /**
     * {@code count} idle connections from {@code source}, those the server reset before {@code connect} returned
     * left out; the gate's counts stay within the limits meanwhile.
     */
    private List<Socket> flood(Libp2pTransport node, InetAddress source, int count, InboundConnectionGate gate)
            throws Exception {
        InetSocketAddress target = Multiaddress.parse(node.listenAddresses().get(0).value()).tcpEndpoint();
        List<Socket> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.bind(new InetSocketAddress(source, 0));
            try {
                socket.connect(target, 5_000);
                opened.add(socket);
            } catch (SocketException e) {
                // refused so fast that the reset came with the handshake's last packet
                socket.close();
            }
            assertTrue(gate.pending() <= LIMITS.maxPendingHandshakes(), "pending " + gate.pending());
            assertTrue(gate.pendingFrom(source) <= LIMITS.maxPendingHandshakesPerAddress(),
                    "pending from " + source + ": " + gate.pendingFrom(source));
        }
        return opened;
    }

    /** How many of {@code flood} the server keeps open: the others read end of stream or a reset. */
    private static int countHeld(List<Socket> flood) throws IOException {
        int held = 0;
        for (Socket socket : flood) {
            socket.setSoTimeout(200);
            if (!closedByServer(socket)) {
                held++;
            }
        }
        return held;
    }

    /** Whether the server closed {@code socket} (end of stream or a reset) before its read timeout; skips its greeting. */
    private static boolean closedByServer(Socket socket) throws IOException {
        byte[] buffer = new byte[256];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // a held connection gets multistream-select's header
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // reset
            return true;
        }
    }

    private static InetAddress loopback(int last) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void eventually(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
