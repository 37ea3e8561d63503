package org.aegis.api.consensus;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The committed decisions as this node knows them: a platform service (the node runtime registers it), not a
 * plugin SPI. The node's state machine journals every decision in the store as it applies it (encoded with
 * {@link DecisionCodec}), so the log stays readable while no {@link ConsensusEngine} is installed (its bundle
 * stopped, updated or uninstalled); while an engine is bound, decisions it committed that the node has not applied
 * yet are read from the engine, so a decision is listed as soon as the engine completed its proposal.
 *
 * <p>When the node starts with an engine that committed decisions the journal lacks (the node bundle was down while
 * they were decided), the journal catches up from {@link ConsensusEngine#decisions}.
 *
 * <p>Threading: thread-safe; the reads answer from the store and memory, never from the network. REST
 * ({@code GET /api/v1/decisions}) and the shell ({@code aegis:decisions}) read it.
 *
 * <p>Versioning: a {@link ProviderType} interface, implemented only by the platform.
 */
@ProviderType
public interface DecisionLog {
    /**
     * Committed decisions from {@code fromSequence} on, in order and without gaps, at most {@code limit}; empty when
     * there are none from there.
     */
    List<Decision> decisions(long fromSequence, int limit);

    /** Sequence number of the last committed decision this log holds, 0 before the first. */
    long lastCommitted();

    /** The decision at {@code sequence}, if committed and held here. */
    Optional<Decision> decision(long sequence);
}
