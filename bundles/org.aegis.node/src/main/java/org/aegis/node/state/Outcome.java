package org.aegis.node.state;

/**
 * What applying one committed decision did. Every replica computes the same outcome for the same decision,
 * so a payload the state machine cannot use is a deterministic {@code REJECTED}, never an exception.
 *
 * @param sequence    the decision's sequence number
 * @param proposalId  the decided proposal's id
 * @param kind        the proposal's kind
 * @param status      accepted or rejected
 * @param detail      what changed, or why it was rejected
 */
public record Outcome(long sequence, String proposalId, String kind, Status status, String detail) {

    public enum Status {
        ACCEPTED, REJECTED
    }

    static Outcome accepted(long sequence, String proposalId, String kind, String detail) {
        return new Outcome(sequence, proposalId, kind, Status.ACCEPTED, detail);
    }

    static Outcome rejected(long sequence, String proposalId, String kind, String reason) {
        return new Outcome(sequence, proposalId, kind, Status.REJECTED, reason);
    }
}
