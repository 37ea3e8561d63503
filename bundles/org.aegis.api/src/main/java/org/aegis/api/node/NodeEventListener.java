package org.aegis.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service that receives node events. The service property {@value #TOPICS} lists the topics it
 * wants (a trailing {@code *} matches any suffix); without it the listener receives every event.
 *
 * <p>Delivery: the node's event bus calls every listener on its one delivery thread ({@code aegis-node-events}), in
 * publication order, one event and one listener at a time. Events wait in a bounded queue; when it is full, new
 * events are dropped (counted and logged), not delayed, so a slow listener loses events for every listener. What
 * {@link #onEvent} throws is logged and counted; the listener keeps receiving.
 *
 * <p>Hot swap: the listener receives events published while it is registered, from when it is bound; nothing is
 * replayed. {@value #TOPICS} is read when it is bound: to change its topics, register the listener again. When its
 * bundle is updated or stopped it is unbound, and events published before its replacement registers are not
 * delivered to it.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a listener built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface NodeEventListener {
    /**
     * Service property: the topics this listener receives, a string or an array of strings; exact topics or
     * prefixes ending in {@code *}. Another type keeps the listener from being bound.
     */
    String TOPICS = "aegis.event.topics";

    /**
     * Takes one event of a topic the listener asked for. Called on the event bus's delivery thread, never
     * concurrently with itself; return quickly and never block: every other listener, and every event behind this
     * one, waits meanwhile. Hand long work to a thread of your own.
     */
    void onEvent(NodeEvent event);
}
