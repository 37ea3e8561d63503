package org.aegis.api.transport;

/**
 * A message received on a pubsub topic.
 *
 * @param topic the topic
 * @param from  the peer id of the message's author (verified by the transport)
 * @param data  the payload
 */
public record PubSubMessage(String topic, String from, byte[] data) {
}
