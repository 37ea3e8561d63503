package org.aegis.api.consensus;

/** A validator and its integer vote weight. */
public record Validator(String peerId, int weight) {
}
