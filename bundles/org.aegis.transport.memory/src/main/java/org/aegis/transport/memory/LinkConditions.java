package org.aegis.transport.memory;

import java.time.Duration;
import java.util.Objects;

/**
 * How one direction of a link between two peers behaves. Every random choice comes from the network's
 * seeded generator.
 *
 * <p>Pubsub messages are datagrams: each delivery is dropped with {@code dropRate}, duplicated with
 * {@code duplicateRate}, and takes {@code latency} + a uniform jitter in [0, {@code jitter}], plus, with
 * {@code reorderRate}, a uniform extra delay in [0, {@code reorderDelay}], so later messages may overtake it.
 *
 * <p>Streams are reliable and ordered like a real connection: their messages take latency + jitter but never
 * overtake one another, and no drop, duplicate or reorder applies, unless {@code unreliableStreams} is set;
 * then each stream message meets the same faults as a pubsub message. Control frames (stream open, close,
 * reset, flow-control credit, ping) are always reliable and ordered.
 *
 * @param latency           the base one-way delay
 * @param jitter            the largest random delay added to each message
 * @param dropRate          probability that a message is lost
 * @param duplicateRate     probability that a message that was not lost arrives twice
 * @param reorderRate       probability that a message is held back by an extra delay
 * @param reorderDelay      the largest extra delay of a held-back message
 * @param unreliableStreams whether stream messages meet the faults too
 */
public record LinkConditions(Duration latency, Duration jitter, double dropRate, double duplicateRate,
                             double reorderRate, Duration reorderDelay, boolean unreliableStreams) {
    /** 1 ms one way, no jitter, no faults. */
    public static final LinkConditions DEFAULT = reliable(Duration.ofMillis(1));

    public LinkConditions {
        requireNonNegative(latency, "latency");
        requireNonNegative(jitter, "jitter");
        requireNonNegative(reorderDelay, "reorderDelay");
        requireProbability(dropRate, "dropRate");
        requireProbability(duplicateRate, "duplicateRate");
        requireProbability(reorderRate, "reorderRate");
    }

    /** A reliable, ordered link with a fixed one-way delay. */
    public static LinkConditions reliable(Duration latency) {
        return new LinkConditions(latency, Duration.ZERO, 0, 0, 0, Duration.ZERO, false);
    }

    public LinkConditions withLatency(Duration newLatency) {
        return new LinkConditions(newLatency, jitter, dropRate, duplicateRate, reorderRate, reorderDelay, unreliableStreams);
    }

    public LinkConditions withJitter(Duration newJitter) {
        return new LinkConditions(latency, newJitter, dropRate, duplicateRate, reorderRate, reorderDelay, unreliableStreams);
    }

    public LinkConditions withDropRate(double rate) {
        return new LinkConditions(latency, jitter, rate, duplicateRate, reorderRate, reorderDelay, unreliableStreams);
    }

    public LinkConditions withDuplicateRate(double rate) {
        return new LinkConditions(latency, jitter, dropRate, rate, reorderRate, reorderDelay, unreliableStreams);
    }

    public LinkConditions withReorder(double rate, Duration maxExtraDelay) {
        return new LinkConditions(latency, jitter, dropRate, duplicateRate, rate, maxExtraDelay, unreliableStreams);
    }

    public LinkConditions withUnreliableStreams(boolean unreliable) {
        return new LinkConditions(latency, jitter, dropRate, duplicateRate, reorderRate, reorderDelay, unreliable);
    }

    private static void requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
    }

    private static void requireProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
        }
    }
}
