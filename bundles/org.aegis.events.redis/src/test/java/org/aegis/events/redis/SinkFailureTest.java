package org.aegis.events.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.aegis.testing.FakeBundleContext;

/** A hung or dying server: every wait is bounded, an interrupt ends it, and the next delivery reconnects. */
class SinkFailureTest {
    private final FakeBundleContext bundle = new FakeBundleContext();
    private SilentServer server;
    private RedisStreamSink sink;

    @AfterEach
    void stop() throws Exception {
        if (sink != null) {
            sink.deactivate();
        }
        server.close();
    }

    private RedisStreamSink sink(long timeoutMs) {
        sink = new RedisStreamSink(SinkSettingsTest.config(Map.of("port", server.port(), "timeoutMs", timeoutMs)),
                bundle.context());
        return sink;
    }

    @Test
    void noReplyWithinTheTimeoutFailsTheBatchAndTheNextOneReconnects() throws Exception {
        server = new SilentServer(false);
        RedisStreamSink sink = sink(300);
        long start = System.nanoTime();
        IOException timeout = assertThrows(IOException.class, () -> sink.deliver(Events.events(1, 3)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3_000, "bounded by timeoutMs");
        assertEquals("Redis event sink audit could not deliver 3 event(s) to 127.0.0.1:" + server.port()
                + "/0 stream aegis:events: no reply to XADD of event 12D3KooWtest/1 within 300 ms",
                timeout.getMessage());

        assertThrows(IOException.class, () -> sink.deliver(Events.events(1, 3)));
        assertEquals(2, server.connections(), "a new connection for the second batch");
    }

    @Test
    void aConnectionClosedMidBatchFailsIt() throws Exception {
        server = new SilentServer(true);
        RedisStreamSink sink = sink(5_000);
        IOException closed = assertThrows(IOException.class, () -> sink.deliver(Events.events(1, 3)));
        assertTrue(closed.getMessage().endsWith(": XADD of event 12D3KooWtest/1 failed: Redis closed the connection"),
                closed.getMessage());
    }

    @Test
    void anInterruptEndsTheWait() throws Exception {
        server = new SilentServer(false);
        RedisStreamSink sink = sink(60_000);
        CompletableFuture<Thread> deliveryThread = new CompletableFuture<>();
        CompletableFuture<Void> delivery = CompletableFuture.runAsync(() -> {
            deliveryThread.complete(Thread.currentThread());
            try {
                sink.deliver(Events.events(1, 1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connections() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        TimeUnit.MILLISECONDS.sleep(100);
        deliveryThread.get().interrupt();
        ExecutionException ended = assertThrows(ExecutionException.class, () -> delivery.get(2, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, ended.getCause().getCause());
    }
}
