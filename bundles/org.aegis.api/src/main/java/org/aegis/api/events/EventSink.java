package org.aegis.api.events;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a destination for the node's outbound events (a webhook, a Redis stream, a message queue).
 * Register it with the service property {@value #NAME}; the node's event delivery binds it and hands it the
 * events of its outbox in order, in batches, from where this sink last acknowledged.
 *
 * <p>Delivery: one thread per sink calls {@link #deliver}, never concurrently with itself. Returning normally
 * acknowledges the whole batch: the node records the sink's position durably and never offers those events to
 * that sink name again. Throwing acknowledges nothing: the same batch (same ids, same order) is offered again
 * after a back-off that grows from one second to a minute, for as long as it takes; the receiver then
 * de-duplicates by {@link OutboundEvent#id} whatever part of the batch it had already taken. Return only once the
 * receiver has the events (its acknowledgement, not a local buffer), and bound every wait by a timeout of your
 * own: a call that never returns stops this sink's delivery.
 *
 * <p>Position: a sink's position is kept under its {@value #NAME}, in the node's store, across restarts,
 * updates and re-registrations. A name the node has never seen starts at the end of the outbox (events recorded
 * from then on); the outbox keeps events until every sink it knows has them, up to a configured limit.
 *
 * <p>Hot swap: when the sink's bundle stops or updates, the delivery thread is interrupted (a call in progress
 * should give up: its batch is offered again to the replacement) and the sink is not called again; a replacement
 * registered under the same name continues from the recorded position.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a sink built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface EventSink {
    /**
     * Service property, required: the sink's stable name (matching {@link #NAME_PATTERN}), under which its position
     * is kept. A sink without a valid name is not bound (logged).
     */
    String NAME = "aegis.events.sink";

    /** What a sink's {@value #NAME} must match: 1 to 64 letters, digits, '.', '_' or '-'. */
    String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";

    /**
     * Service property, optional: the event types this sink wants, a string or an array of strings; exact types
     * or prefixes ending in {@code *}. Without it the sink gets every event. Events of other types are passed
     * over (its position moves past them).
     */
    String TYPES = "aegis.events.types";

    /**
     * Hands the receiver {@code events} (1 or more, in sequence order) and returns once it has them all.
     *
     * @throws Exception when the receiver did not take them all: nothing of the batch counts as delivered
     */
    void deliver(List<OutboundEvent> events) throws Exception;
}
