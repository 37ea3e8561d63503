package org.aegis.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.junit.jupiter.api.Test;

class ConsoleStreamTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Fragments as requested, counting the demand, then completion or the error. */
    static final class Fragments implements Flow.Publisher<String> {
        final List<String> fragments;
        final RuntimeException error;
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        Fragments(RuntimeException error, String... fragments) {
            this.error = error;
            this.fragments = List.of(fragments);
        }

        @Override
        public void subscribe(Flow.Subscriber<? super String> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                int next;

                @Override
                public synchronized void request(long n) {
                    requested.addAndGet(n);
                    if (next < fragments.size()) {
                        subscriber.onNext(fragments.get(next++));
                    } else if (error != null) {
                        subscriber.onError(error);
                    } else {
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }
    }

    private ConsoleStream.Outcome print(Flow.Publisher<String> publisher) {
        ConsoleStream stream = new ConsoleStream();
        publisher.subscribe(stream);
        return stream.print(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheReplyAsItArrivesOneFragmentAtATime() {
        Fragments reply = new Fragments(null, "Once ", "upon ", "a time");
        assertEquals(ConsoleStream.Outcome.COMPLETED, print(reply));
        assertEquals("Once upon a time" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
        assertEquals(4, reply.requested.get(), "one request per printed fragment, and one for the end");
    }

    @Test
    void aFailedReplyFailsTheCommandAfterWhatArrived() {
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> print(new Fragments(new ModelException(Reason.TIMEOUT, "too slow"), "par")));
        assertEquals("too slow", failed.getMessage());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("par"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInterruptCancelsTheStream() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flow.Publisher<String> endless = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        CompletableFuture<ConsoleStream.Outcome> outcome = new CompletableFuture<>();
        Thread command = new Thread(() -> outcome.complete(print(endless)));
        command.start();
        Thread.sleep(50);
        command.interrupt();
        assertEquals(ConsoleStream.Outcome.CANCELLED, outcome.get(5, TimeUnit.SECONDS));
        assertTrue(cancelled.get());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Cancelled."));
    }
}
