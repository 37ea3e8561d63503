package org.aegis.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.events.EventSink;
import org.aegis.api.events.OutboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's delivery: its own thread hands the sink the outbox's events after the sink's position, a batch at a
 * time, and moves the position once the sink returns. A failed batch is offered again after a back-off that
 * doubles from {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF} (with jitter, so sinks of one receiver do not retry
 * in step), so a receiver that is away gets everything, in order, when it is back.
 */
final class SinkDelivery {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** How long an idle delivery sleeps when nothing wakes it: appends do, this is the safety net. */
    private static final long IDLE_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(SinkDelivery.class);

    /** What an operator sees of a sink: its position and how delivery goes. */
    record Status(String name, long position, long behind, long delivered, long failures, String lastError) {
    }

    private final String name;
    private final EventSink sink;
    private final TypeFilter types;
    private final Outbox outbox;
    private final int batchSize;
    private final Runnable acknowledged;
    private final Duration firstBackoff;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile long position = -1;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;

    /**
     * @param acknowledged run after each moved position (the outbox may prune)
     */
    SinkDelivery(String name, EventSink sink, TypeFilter types, Outbox outbox, int batchSize, Runnable acknowledged,
            Duration firstBackoff) {
        this.name = name;
        this.sink = sink;
        this.types = types;
        this.outbox = outbox;
        this.batchSize = batchSize;
        this.acknowledged = acknowledged;
        this.firstBackoff = firstBackoff;
        this.thread = new Thread(this::run, "aegis-events-" + name);
        thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    EventSink sink() {
        return sink;
    }

    void start() {
        thread.start();
    }

    /** New events in the outbox. */
    void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    /** Interrupts a delivery in progress (its batch is offered again to whoever takes this name next). */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            LOG.warn("Event sink '{}' did not give up its delivery within 10 s of being stopped", name);
        }
    }

    Status status() {
        long at = position;
        return new Status(name, Math.max(at, 0), at < 0 ? 0 : Math.max(0, outbox.lastSequence() - at),
                delivered.get(), failures.get(), lastError);
    }

    private void run() {
        Duration backoff = firstBackoff;
        try {
            position = outbox.position(name).orElseGet(this::startAtTheEnd);
            while (!Thread.currentThread().isInterrupted()) {
                List<OutboundEvent> batch = outbox.after(position, batchSize);
                if (batch.isEmpty()) {
                    idle();
                    continue;
                }
                List<OutboundEvent> wanted = batch.stream().filter(event -> types.matches(event.type())).toList();
                if (!wanted.isEmpty() && !delivered(wanted)) {
                    Thread.sleep(backoff.toMillis() + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1));
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                }
                backoff = firstBackoff;
                long last = batch.get(batch.size() - 1).sequence();
                outbox.acknowledge(name, last);
                position = last;
                delivered.addAndGet(wanted.size());
                acknowledged.run();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the store failed under us (it is stopping, or broken): delivery resumes with the next activation
            LOG.error("Event delivery to '{}' stopped: {}", name, e.toString(), e);
            lastError = "delivery stopped: " + e.getMessage();
        }
    }

    private long startAtTheEnd() {
        long end = outbox.lastSequence();
        outbox.acknowledge(name, end);
        LOG.info("Event sink '{}' is new: it receives the events recorded from sequence {} on", name, end + 1);
        return end;
    }

    /** Offers the batch; false when the sink did not take it. */
    private boolean delivered(List<OutboundEvent> batch) throws InterruptedException {
        try {
            sink.deliver(batch);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped while delivering to " + name);
            }
            failures.incrementAndGet();
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            if (lastError == null) {
                LOG.warn("Event sink '{}' did not take events {} to {}: {}; retrying with back-off", name,
                        batch.get(0).sequence(), batch.get(batch.size() - 1).sequence(), error);
            } else {
                LOG.debug("Event sink '{}' still failing: {}", name, error);
            }
            lastError = error;
            return false;
        }
        if (lastError != null) {
            LOG.info("Event sink '{}' takes events again (after {} failed attempts)", name, failures.get());
            lastError = null;
        }
        return true;
    }

    private void idle() throws InterruptedException {
        synchronized (wakeUp) {
            if (!woken) {
                wakeUp.wait(IDLE_MILLIS);
            }
            woken = false;
        }
    }
}
