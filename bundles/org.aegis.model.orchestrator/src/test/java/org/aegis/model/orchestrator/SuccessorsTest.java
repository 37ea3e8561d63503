package org.aegis.model.orchestrator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which answers end a model's wait for a successor. */
class SuccessorsTest {
    private static final String MODEL = "m";
    private final RouterThreads threads = new RouterThreads();
    private final AtomicLong nanos = new AtomicLong();
    private final Successors successors = new Successors(threads, nanos::get);

    @AfterEach
    void stop() {
        successors.stop();
        threads.shutdown(1000);
    }

    /** Whether a request for the model that finds no provider now would wait rather than fail. */
    private boolean waits() {
        CompletableFuture<Boolean> wait = successors.await(MODEL, successors.bindings(), key -> false);
        boolean waiting = !wait.isDone();
        wait.cancel(false);
        return waiting;
    }

    @Test
    void theDepartedProvidersLateAnswerDoesNotEndTheWait() {
        long routedBeforeDeparture = successors.bindings();
        successors.departed(() -> List.of(MODEL), Duration.ofSeconds(10));

        successors.served(MODEL, routedBeforeDeparture);

        assertTrue(waits(), "an answer the old provider gave on its way out must not cancel the wait for its successor");
    }

    @Test
    void theSuccessorsFirstAnswerEndsTheWait() {
        successors.departed(() -> List.of(MODEL), Duration.ofSeconds(10));
        successors.bound();
        long routedAfterTheSuccessorBound = successors.bindings();

        successors.served(MODEL, routedAfterTheSuccessorBound);

        assertFalse(waits());
    }

    @Test
    void theWaitEndsWhenItsTimeIsOver() {
        successors.departed(() -> List.of(MODEL), Duration.ofSeconds(10));
        assertTrue(waits());

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());

        assertFalse(waits());
    }
}
