package org.aegis.transport.libp2p.ping;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.aegis.api.transport.Stream;
import org.aegis.transport.libp2p.ProtocolException;

/** libp2p ping ({@code /ipfs/ping/1.0.0}): 32 random bytes, echoed by the peer; the round trip is the latency. */
public final class PingProtocol {
    public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
    public static final int PAYLOAD_LENGTH = 32;

    private PingProtocol() {
    }

    /** The listening side: echoes what arrives, chunk by chunk, until the dialer closes its side. */
    public static void echo(Stream stream) {
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(ByteBuffer chunk) {
                stream.write(chunk).whenComplete((v, error) -> {
                    if (error == null) {
                        subscription.request(1);
                    } else {
                        subscription.cancel();
                    }
                });
            }

            @Override
            public void onError(Throwable error) {
                // the dialer reset the stream: nothing left to echo
            }

            @Override
            public void onComplete() {
                stream.closeWrite();
            }
        });
    }

    /** The dialing side: one round trip on {@code stream}, which is closed afterwards. */
    public static CompletableFuture<Duration> ping(Stream stream, Random random) {
        byte[] payload = new byte[PAYLOAD_LENGTH];
        random.nextBytes(payload);
        CompletableFuture<Duration> rtt = new CompletableFuture<>();
        long start = System.nanoTime();
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            private final ByteBuffer echoed = ByteBuffer.allocate(PAYLOAD_LENGTH);
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(ByteBuffer chunk) {
                if (chunk.remaining() > echoed.remaining()) {
                    fail(new ProtocolException("ping peer echoed more than " + PAYLOAD_LENGTH + " bytes"));
                    return;
                }
                echoed.put(chunk);
                if (echoed.hasRemaining()) {
                    subscription.request(1);
                } else if (Arrays.equals(echoed.array(), payload)) {
                    rtt.complete(Duration.ofNanos(System.nanoTime() - start));
                    subscription.cancel();
                    stream.closeWrite();
                } else {
                    fail(new ProtocolException("ping peer echoed different bytes"));
                }
            }

            @Override
            public void onError(Throwable error) {
                rtt.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                rtt.completeExceptionally(new ProtocolException("ping peer closed the stream before echoing"));
            }

            private void fail(ProtocolException error) {
                subscription.cancel();
                stream.reset();
                rtt.completeExceptionally(error);
            }
        });
        stream.write(ByteBuffer.wrap(payload));
        return rtt;
    }
}
