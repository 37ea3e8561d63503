package org.aegis.model.orchestrator;

import static org.aegis.model.orchestrator.RouterFixture.await;
import static org.aegis.model.orchestrator.RouterFixture.failure;
import static org.aegis.model.orchestrator.RoutingTest.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.junit.jupiter.api.Test;

/** A model whose only provider is being replaced (its bundle updated) keeps answering: requests wait for the next. */
class ProviderWaitTest {
    /** Long enough that nothing in a passing test comes near it. */
    static final Map<String, Object> LONG_WAIT = Map.of("providerWaitMs", 60_000L);

    /** Time for a request that wrongly fails or wrongly waits to show it. */
    static void settle() throws InterruptedException {
        Thread.sleep(100);
    }

    @Test
    void requestInTheGapIsAnsweredByTheReturningProvider() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            FakeProvider before = f.add(new FakeProvider("local", "m"));
            assertEquals("answer from local", await(f.router.chat(chat("m"))).message().content());
            f.remove(before);

            CompletionStage<ChatCompletion> chat = f.router.chat(chat("m"));
            var embed = f.router.embed(new EmbeddingRequest("e", List.of("a")));
            settle();
            assertFalse(chat.toCompletableFuture().isDone(), "waits for a successor");

            f.add(new FakeProvider("local-2", "m").withModel("e", Capability.EMBEDDINGS));
            assertEquals("answer from local-2", await(chat).message().content());
            assertEquals(Reason.MODEL_NOT_FOUND, failure(embed).reason(), "e was never served: no wait");
        }
    }

    @Test
    void requestInFlightWhenItsProviderLeavesGoesToTheSuccessor() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            FakeProvider before = f.add(new FakeProvider("local", "m").holding());
            CompletionStage<ChatCompletion> chat = f.router.chat(chat("m"));
            StreamTest.waitFor(() -> before.held.size() == 1);
            f.remove(before);
            settle();
            assertFalse(chat.toCompletableFuture().isDone(), "the leaving provider's request waits too");
            f.add(new FakeProvider("local-2", "m"));
            assertEquals("answer from local-2", await(chat).message().content());
        }
    }

    @Test
    void unknownModelFailsAtOnceWhileAnotherWaits() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            f.remove(f.add(new FakeProvider("local", "m")));
            f.add(new FakeProvider("remote", "other"));
            CompletableFuture<ChatCompletion> unknown = f.router.chat(chat("never")).toCompletableFuture();
            assertTrue(unknown.isDone(), "no wait for a model no provider ever served");
            assertEquals(Reason.MODEL_NOT_FOUND, failure(unknown).reason());
            assertFalse(f.router.chat(chat("m")).toCompletableFuture().isDone());
        }
    }

    @Test
    void waitIsBoundedFromTheDepartureThenFailsAsBefore() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("providerWaitMs", 300L))) {
            f.remove(f.add(new FakeProvider("local", "m")));
            long started = System.nanoTime();
            CompletionStage<ChatCompletion> chat = f.router.chat(chat("m"));
            // callers see the ModelException itself, as from a request that never waited
            Throwable error = chat.handle((answer, e) -> e).toCompletableFuture().get(5, TimeUnit.SECONDS);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(Reason.MODEL_NOT_FOUND, assertInstanceOf(ModelException.class, error).reason());
            assertTrue(waited >= 250, "waited " + waited + " ms");
            assertTrue(f.router.chat(chat("m")).toCompletableFuture().isDone(), "the wait is over for later requests");
        }
    }

    @Test
    void cancellingAWaitingRequestEndsItsWait() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            f.remove(f.add(new FakeProvider("local", "m")));
            CompletableFuture<ChatCompletion> chat = f.router.chat(chat("m")).toCompletableFuture();
            chat.cancel(true);
            FakeProvider successor = f.add(new FakeProvider("local-2", "m"));
            settle();
            assertEquals(List.of(), successor.chatRequests, "a cancelled request is not sent on");
        }
    }

    @Test
    void noWaitConfiguredFailsAtOnce() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("providerWaitMs", 0L))) {
            f.remove(f.add(new FakeProvider("local", "m")));
            CompletableFuture<ChatCompletion> chat = f.router.chat(chat("m")).toCompletableFuture();
            assertTrue(chat.isDone());
            assertEquals(Reason.MODEL_NOT_FOUND, failure(chat).reason());
        }
    }

    @Test
    void defaultModelWaitsForTheLocalProvider() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            f.add(new FakeProvider("remote", "gpt"));
            f.remove(f.add(new FakeProvider("local", "char"), 0, true));
            CompletionStage<ChatCompletion> chat = f.router.chat(chat("default"));
            settle();
            assertFalse(chat.toCompletableFuture().isDone());
            f.add(new FakeProvider("local-2", "char"), 0, true);
            assertEquals("char", await(chat).model());
        }
    }

    @Test
    void successorThatFailsWhileItStartsIsAskedAgain() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            f.remove(f.add(new FakeProvider("local", "m")));
            CompletionStage<ChatCompletion> chat = f.router.chat(chat("m"));
            FakeProvider starting = new FakeProvider("local-2", "m");
            AtomicInteger calls = new AtomicInteger();
            starting.chat = request -> calls.incrementAndGet() == 1
                    ? CompletableFuture.failedFuture(new ModelException(Reason.UNAVAILABLE, "loading: 50%"))
                    : CompletableFuture.completedFuture(starting.reply(request));
            f.add(starting);
            assertEquals("answer from local-2", await(chat).message().content());
            assertEquals(2, calls.get());

            // once it has answered, its failures are its own again: no retries (failure() gives up after 5 s)
            starting.failing("broken");
            assertEquals(Reason.UNAVAILABLE, failure(f.router.chat(chat("m"))).reason());
            assertEquals(3, starting.chatRequests.size());
        }
    }

    @Test
    void streamWaitsForTheReturningProvider() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            f.remove(f.add(new FakeProvider("local", "m")));
            Collector c = new Collector(10);
            f.router.chatStream(chat("m")).subscribe(c);
            settle();
            assertFalse(c.done.isDone());
            f.add(new FakeProvider("local-2", "m"));
            assertEquals("hello from x", c.text());
        }
    }

    @Test
    void deactivationFailsTheWaitingRequests() throws Exception {
        CompletionStage<ChatCompletion> chat;
        Collector stream = new Collector(10);
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            f.remove(f.add(new FakeProvider("local", "m")));
            chat = f.router.chat(chat("m"));
            f.router.chatStream(chat("m")).subscribe(stream);
            settle();
        }
        assertEquals(Reason.UNAVAILABLE, failure(chat).reason());
        assertEquals(Reason.UNAVAILABLE, assertInstanceOf(ModelException.class, stream.error()).reason());
    }

    /**
     * A provider replaced again and again while requests and streams keep coming: however their routing interleaves
     * with a departure, none fails for want of a provider (one that finds the model gone finds its wait recorded
     * already). A stream whose provider leaves under it is another matter: it fails over, and fails once none is left.
     */
    @Test
    void requestsRacingTheReplacementsAllAnswer() throws Exception {
        try (RouterFixture f = new RouterFixture(LONG_WAIT)) {
            FakeProvider[] current = {f.add(new FakeProvider("local", "m"))};
            AtomicBoolean replacing = new AtomicBoolean(true);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (replacing.get()) {
                    try {
                        await(f.router.chat(chat("m")));
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(new AssertionError("chat", e));
                    }
                    Collector stream = new Collector(10);
                    f.router.chatStream(chat("m")).subscribe(stream);
                    try {
                        stream.text();
                    } catch (ExecutionException e) {
                        if (e.getCause().getMessage().contains("serve")) {
                            failures.add(e.getCause());
                        }
                    } catch (Exception e) {
                        failures.add(new AssertionError("stream", e));
                    }
                }
            });
            load.start();
            for (int i = 0; i < 20_000 && failures.isEmpty(); i++) {
                f.remove(current[0]);
                current[0] = f.add(new FakeProvider("local-" + i, "m"));
            }
            replacing.set(false);
            load.join(10_000);
            assertEquals(List.of(), failures);
            assertTrue(answered.get() > 0);
        }
    }
}
