package org.aegis.api.consensus;

/**
 * A request for the network to decide.
 *
 * @param id       unique id chosen by the proposer (deduplicates retries)
 * @param kind     what it changes, e.g. {@code config}, {@code model-version}, {@code validators}
 * @param payload  the decision's content, interpreted by the state machine per kind
 * @param proposer who asked: peer id or token subject
 */
public record Proposal(String id, String kind, byte[] payload, String proposer) {
}
