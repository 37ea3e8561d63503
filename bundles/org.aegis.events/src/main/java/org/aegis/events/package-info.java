/**
 * Events out, at least once: {@link org.aegis.events.Outbox} keeps the node's exported events in its store,
 * {@link org.aegis.events.SinkDelivery} hands them to each {@link org.aegis.api.events.EventSink} from its
 * recorded position, and {@link org.aegis.events.Webhook} posts them, signed, to an operator's URL.
 */
package org.aegis.events;
