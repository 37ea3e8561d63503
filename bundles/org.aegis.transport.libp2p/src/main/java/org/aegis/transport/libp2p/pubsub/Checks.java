package org.aegis.transport.libp2p.pubsub;

import java.time.Duration;

/** Argument checks shared by the configuration records; each failure names the field and its value. */
final class Checks {
    private Checks() {
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    static void positive(Duration value, String name) {
        require(value.compareTo(Duration.ZERO) > 0, name + " must be positive, was " + value);
    }

    static void notNegative(Duration value, String name) {
        require(!value.isNegative(), name + " must not be negative, was " + value);
    }

    static void decay(double value, String name) {
        require(value > 0 && value < 1, name + " must be in (0, 1), was " + value);
    }
}
