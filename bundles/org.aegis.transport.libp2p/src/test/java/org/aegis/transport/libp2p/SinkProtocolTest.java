package org.aegis.transport.libp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.aegis.api.transport.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark's sink protocol between two transports: the count comes back, and only after the writer closed. */
class SinkProtocolTest {
    private final Libp2pTransport writer = start();
    private final Libp2pTransport sink = start();

    private static Libp2pTransport start() {
        return new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of()), new TestIdentity());
    }

    @AfterEach
    void stop() {
        writer.close();
        sink.close();
    }

    @Test
    void theSinkAnswersWithTheCountOfAnUnevenTransfer() throws Exception {
        SinkProtocol.serve(sink);
        writer.dial(sink.listenAddresses().get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long bytes = 3L * SinkProtocol.CHUNK + 17;
        // writeTo checks the count against what it wrote
        assertTrue(SinkProtocol.writeTo(writer, sink.localPeerId(), bytes, 10) > 0);
    }

    @Test
    void theCountComesOnlyOnceTheWriterHasClosed() throws Exception {
        SinkProtocol.serve(sink);
        writer.dial(sink.listenAddresses().get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Stream stream = writer.openStream(sink.localPeerId(), SinkProtocol.PROTOCOL_ID).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        CompletableFuture<ByteBuffer> reply = new CompletableFuture<>();
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                reply.complete(item);
            }

            @Override
            public void onError(Throwable error) {
                reply.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                reply.complete(ByteBuffer.allocate(0));
            }
        });
        stream.write(ByteBuffer.wrap(new byte[5])).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertFalse(reply.isDone(), "no answer while the writer may still write");
        stream.closeWrite();
        assertEquals(5, reply.get(10, TimeUnit.SECONDS).getLong());
    }
}
