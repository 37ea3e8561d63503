package org.aegis.consensus.pbft;

/** Why a replica dropped a message; each is counted (see {@link Replica#drops()}). */
public enum DropReason {
    /** Not a well-formed frame (truncated, over a length limit, unknown type...). */
    MALFORMED,
    /** The signature does not verify for the claimed sender. */
    BAD_SIGNATURE,
    /** The sender is not a validator. */
    NOT_VALIDATOR,
    /** The same message again, or a request already decided. */
    REPLAYED,
    /** A sequence number outside the watermarks. */
    OUT_OF_WINDOW,
    /** A message of another view than the replica's, or of the normal case during a view change. */
    WRONG_VIEW,
    /** A second, different message from the same sender for the same slot (equivocation). */
    CONFLICTING,
    /** Well-formed and signed, but it breaks the protocol: a pre-prepare by a non-primary, a bad proof... */
    INVALID
}
