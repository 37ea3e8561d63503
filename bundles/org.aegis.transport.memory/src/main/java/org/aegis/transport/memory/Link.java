package org.aegis.transport.memory;

import java.util.Comparator;
import java.util.Objects;

/** One direction between two peers: messages from {@code from} to {@code to}. */
public record Link(String from, String to) implements Comparable<Link> {
    private static final Comparator<Link> ORDER = Comparator.comparing(Link::from).thenComparing(Link::to);

    public Link {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a link joins two different peers: " + from);
        }
    }

    @Override
    public int compareTo(Link other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
