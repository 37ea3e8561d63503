package org.aegis.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.aegis.api.events.OutboundEvent;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkDeliveryTest {
    private final InMemoryStore store = new InMemoryStore();
    private final Outbox outbox = new Outbox(store, "n");
    private SinkDelivery running;

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null) {
            running.stop();
        }
    }

    private SinkDelivery deliver(Outbox from, RecordingSink sink, TypeFilter types) {
        running = new SinkDelivery("receiver", sink, types, from, 4, () -> { }, Duration.ofMillis(10));
        running.start();
        return running;
    }

    private static void append(Outbox outbox, String type, int count) {
        for (int i = 0; i < count; i++) {
            outbox.append(List.of(new Outbox.Pending(type, Instant.now(), Map.of("i", i))), List.of());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static List<String> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> "n/" + i).toList();
    }

    @Test
    void aNewSinkGetsTheEventsRecordedFromItsFirstBindingOnInOrder() throws Exception {
        append(outbox, "aegis/alert/health", 3);
        RecordingSink sink = new RecordingSink();
        SinkDelivery delivery = deliver(outbox, sink, TypeFilter.ALL);
        await(() -> outbox.position("receiver").isPresent(), "position recorded");
        append(outbox, "aegis/alert/health", 10);
        delivery.wake();

        await(() -> sink.received().size() == 10, "ten events");
        assertEquals(ids(4, 13), sink.received().stream().map(OutboundEvent::id).toList());
        await(() -> outbox.position("receiver").orElseThrow() == 13, "position 13");
    }

    @Test
    void aReceiverThatIsAwayGetsEverythingInOrderWhenItIsBack() throws Exception {
        RecordingSink sink = new RecordingSink();
        SinkDelivery delivery = deliver(outbox, sink, TypeFilter.ALL);
        await(() -> outbox.position("receiver").isPresent(), "position recorded");
        sink.down();
        append(outbox, "aegis/alert/health", 20);
        delivery.wake();
        await(() -> sink.refused() >= 3, "retried with back-off");
        assertEquals(0L, outbox.position("receiver").orElseThrow(), "nothing acknowledged while it is away");

        sink.up();
        await(() -> sink.received().size() == 20, "all twenty");
        assertEquals(ids(1, 20), sink.distinctIds());
        assertEquals(20, sink.received().size(), "a refused batch is not half-delivered here: no duplicates");
    }

    @Test
    void aRestartedNodeResumesAfterTheLastAcknowledgedEvent() throws Exception {
        RecordingSink sink = new RecordingSink();
        deliver(outbox, sink, TypeFilter.ALL);
        await(() -> outbox.position("receiver").isPresent(), "position recorded");
        append(outbox, "aegis/alert/health", 6);
        running.wake();
        await(() -> sink.received().size() == 6, "six events");
        running.stop();
        running = null;

        append(outbox, "aegis/alert/health", 5); // recorded while the delivery is down
        Outbox reopened = new Outbox(store, "n");
        deliver(reopened, sink, TypeFilter.ALL);
        await(() -> sink.received().size() == 11, "the five recorded meanwhile");
        assertEquals(ids(1, 11), sink.received().stream().map(OutboundEvent::id).toList());
    }

    @Test
    void eventsOfOtherTypesArePassedOver() throws Exception {
        RecordingSink sink = new RecordingSink();
        deliver(outbox, sink, TypeFilter.of(new String[] {"aegis/consensus/decided", "aegis/alert/*"}));
        await(() -> outbox.position("receiver").isPresent(), "position recorded");
        append(outbox, "aegis/federated/round", 3);
        append(outbox, "aegis/alert/peer-lost", 1);
        append(outbox, "aegis/consensus/decided", 1);
        running.wake();

        await(() -> outbox.position("receiver").orElseThrow() == 5, "position moved past all five");
        assertEquals(List.of("aegis/alert/peer-lost", "aegis/consensus/decided"),
                sink.received().stream().map(OutboundEvent::type).toList());
    }

    @Test
    void stoppingEndsTheDeliveryThread() throws Exception {
        deliver(outbox, new RecordingSink(), TypeFilter.ALL);
        await(() -> outbox.position("receiver").isPresent(), "running");
        running.stop();
        running = null;
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("aegis-events-receiver")));
    }
}
