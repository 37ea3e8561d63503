package org.aegis.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service that receives node events. The service property {@value #TOPICS} lists the topics it
 * wants (a trailing {@code *} matches any suffix); without it the listener receives every event.
 */
@ConsumerType
public interface NodeEventListener {
    /** Service property: the topics this listener receives. */
    String TOPICS = "aegis.event.topics";

    void onEvent(NodeEvent event);
}
