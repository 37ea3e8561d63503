package org.aegis.consensus.pbft.net;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.Registration;
import org.aegis.api.transport.Transport;
import org.junit.jupiter.api.Test;

class PeerLinksTest {
    private final PeerLinks links = new PeerLinks(1024, (peer, frame) -> { }, () -> { });

    /**
     * The configuration thread unbinds the transport (its settings changed) while the replica's send is opening a
     * stream that fails at once: each must go on without the other's lock. It deadlocked when the send held its
     * link's lock while opening, and the unbind this object's lock while resetting the links.
     */
    @Test
    void unbindingWhileAStreamFailsAtOnceDoesNotDeadlock() {
        AtomicReference<Transport> bound = new AtomicReference<>();
        AtomicBoolean unbindFinished = new AtomicBoolean();
        Transport transport = transport(() -> {
            Thread configuration = new Thread(() -> links.unbind(bound.get()), "configuration");
            configuration.start();
            try {
                configuration.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unbindFinished.set(!configuration.isAlive());
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        });
        bound.set(transport);
        links.bind(transport);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> links.send("12D3KooWPeer", new byte[] {1}));
        assertTrue(unbindFinished.get(), "the unbind waited for the sending thread");
        assertTrue(!links.bound());
    }

    interface StreamOpener {
        CompletableFuture<?> open();
    }

    /** A transport that accepts a protocol handler and opens streams with {@code opener}; nothing else. */
    private static Transport transport(StreamOpener opener) {
        return (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(), new Class<?>[] {Transport.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> (Registration) () -> { };
                    case "openStream" -> opener.open();
                    case "toString" -> "test transport";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
