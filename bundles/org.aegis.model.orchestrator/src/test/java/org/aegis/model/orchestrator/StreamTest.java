package org.aegis.model.orchestrator;

import static org.aegis.model.orchestrator.RoutingTest.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.junit.jupiter.api.Test;

class StreamTest {

    /** A publisher that accepts a subscriber and then never signals anything. */
    static Flow.Publisher<String> silent() {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
    }

    static ModelException modelError(Collector c) throws Exception {
        return assertInstanceOf(ModelException.class, c.error());
    }

    @Test
    void streamsFragmentsAndHonoursDemand() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            FakeProvider p = f.add(new FakeProvider("p", "m"));
            ScriptedPublisher upstream = new ScriptedPublisher(List.of("a", "b", "c", "d"), null);
            p.stream = request -> upstream;
            Collector c = new Collector(0);
            f.router.chatStream(chat("m")).subscribe(c);
            waitFor(() -> c.subscription != null);
            c.subscription.request(2);
            waitFor(() -> c.items.size() == 2);
            Thread.sleep(50);
            assertEquals(List.of("a", "b"), c.items, "no more than requested");
            c.subscription.request(10);
            assertEquals("abcd", c.text());
            assertEquals(4, f.status("p").completionTokens());
            assertEquals(0, f.status("p").outstanding());
        }
    }

    @Test
    void failsOverBeforeTheFirstFragment() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("modelLimits", new String[] {"m: timeoutMs=200"}))) {
            f.add(new FakeProvider("broken", "m"), 30, false).stream =
                    request -> new ScriptedPublisher(List.of(), new IllegalStateException("refused"));
            f.add(new FakeProvider("nothing", "m"), 20, false).stream = request -> null;
            f.add(new FakeProvider("silent", "m"), 10, false).stream = request -> silent();
            f.add(new FakeProvider("good", "m"));
            Collector c = new Collector(1);
            f.router.chatStream(chat("m")).subscribe(c);
            assertEquals("hello from x", c.text());
            assertEquals(1, f.status("broken").errors());
            assertEquals(1, f.status("nothing").errors());
            assertEquals("no first fragment within 200 ms", f.status("silent").lastError());
        }
    }

    @Test
    void doesNotFailOverAfterTheFirstFragment() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("breaks", "m"), 10, false).stream =
                    request -> new ScriptedPublisher(List.of("partial"), new IllegalStateException("reset"));
            FakeProvider other = f.add(new FakeProvider("other", "m"));
            Collector c = new Collector(5);
            f.router.chatStream(chat("m")).subscribe(c);
            ModelException e = modelError(c);
            assertEquals(Reason.UNAVAILABLE, e.reason());
            assertTrue(e.getMessage().contains("broke after 1 fragments"), e.getMessage());
            assertEquals(List.of("partial"), c.items);
            assertEquals(0, other.streamRequests.size());
        }
    }

    @Test
    void aStreamThatGoesSilentTimesOut() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("streamIdleTimeoutMs", 150L))) {
            f.add(new FakeProvider("stalls", "m")).stream = request -> subscriber -> subscriber.onSubscribe(
                    new Flow.Subscription() {
                        private boolean sent;

                        @Override
                        public synchronized void request(long n) {
                            if (!sent) {
                                sent = true;
                                subscriber.onNext("first");
                            }
                        }

                        @Override
                        public void cancel() {
                        }
                    });
            Collector c = new Collector(1);
            f.router.chatStream(chat("m")).subscribe(c);
            ModelException e = modelError(c);
            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(e.getMessage().contains("went silent for 150 ms"), e.getMessage());
        }
    }

    @Test
    void theDeadlineEndsALongStream() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("deadlineMs", 200L))) {
            f.add(new FakeProvider("slow", "m")).stream = request -> silent();
            Collector c = new Collector(1);
            f.router.chatStream(chat("m")).subscribe(c);
            assertEquals(Reason.TIMEOUT, modelError(c).reason());
        }
    }

    @Test
    void moreFragmentsThanRequestedIsABadAnswer() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("flood", "m")).stream = request -> subscriber -> {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        for (int i = 0; i <= n; i++) {
                            subscriber.onNext("x");
                        }
                    }

                    @Override
                    public void cancel() {
                    }
                });
            };
            Collector c = new Collector(0);
            f.router.chatStream(chat("m")).subscribe(c);
            waitFor(() -> c.subscription != null);
            c.subscription.request(1);
            ModelException e = modelError(c);
            assertTrue(e.getMessage().contains("more fragments than were requested"), e.getMessage());
            assertEquals(1, c.items.size());
        }
    }

    @Test
    void cancellingStopsTheProvidersStream() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            ScriptedPublisher upstream = new ScriptedPublisher(List.of("a", "b", "c"), null);
            f.add(new FakeProvider("p", "m")).stream = request -> upstream;
            Collector c = new Collector(0);
            f.router.chatStream(chat("m")).subscribe(c);
            waitFor(() -> c.subscription != null);
            c.subscription.request(1);
            waitFor(() -> c.items.size() == 1);
            c.subscription.cancel();
            waitFor(upstream.cancelled::get);
            waitFor(() -> f.status("p").outstanding() == 0);
            assertEquals(0, f.status("p").errors());
        }
    }

    @Test
    void refusalsArriveAfterOnSubscribe() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("p", "m"));
            Collector c = new Collector(1);
            f.router.chatStream(chat("unknown")).subscribe(c);
            assertEquals(Reason.MODEL_NOT_FOUND, modelError(c).reason());
            assertTrue(c.subscription != null);
        }
    }

    @Test
    void aProviderRemovedBeforeItsFirstFragmentFailsOver() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            FakeProvider leaving = f.add(new FakeProvider("leaving", "m"), 10, false);
            leaving.stream = request -> silent();
            f.add(new FakeProvider("staying", "m"));
            Collector c = new Collector(1);
            f.router.chatStream(chat("m")).subscribe(c);
            waitFor(() -> leaving.streamRequests.size() == 1);
            f.remove(leaving);
            assertEquals("hello from x", c.text());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(2);
        }
    }
}
