/**
 * Events leaving the node for other systems, at least once and in order: the node keeps every event of the topics
 * it exports in a durable outbox in its store, and hands them to each {@link org.aegis.api.events.EventSink} (a
 * webhook, a message queue) from where that sink last acknowledged.
 */
@Export
@Version("1.0.0")
package org.aegis.api.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
