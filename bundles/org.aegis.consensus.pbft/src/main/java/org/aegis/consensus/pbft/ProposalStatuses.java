package org.aegis.consensus.pbft;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;

/**
 * The latest statuses of the proposals a replica has seen, oldest first out: at most {@code capacity} of them and
 * about {@code maxBytes} of proposals and replies together, since a status holds its proposal's payload (up to
 * 256 KiB each) and a count alone would let large proposals fill the heap. A decided status is never replaced by an
 * earlier state; an evicted one is answered from the store. Thread-safe.
 */
final class ProposalStatuses {
    /** What a status costs beyond its variable parts (objects, votes, map entry), roughly. */
    static final int OVERHEAD_BYTES = 256;

    private final int capacity;
    private final long maxBytes;
    private final Map<String, ProposalStatus> byId = new LinkedHashMap<>();
    private long bytes;

    ProposalStatuses(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    synchronized Optional<ProposalStatus> get(String proposalId) {
        return Optional.ofNullable(byId.get(proposalId));
    }

    /** Records {@code status}, unless its proposal is already known as decided. */
    synchronized void put(ProposalStatus status) {
        ProposalStatus earlier = byId.get(status.proposal().id());
        if (earlier != null && earlier.state() == ProposalStatus.State.DECIDED) {
            return;
        }
        replace(earlier, status);
    }

    /** The decided proposal's status shows the replies that confirmed it. */
    synchronized void withReplies(String proposalId, List<ProposalStatus.Reply> replies) {
        ProposalStatus st = byId.get(proposalId);
        if (st != null) {
            replace(st, new ProposalStatus(st.proposal(), st.state(), st.sequence(), st.view(), st.votes(),
                    st.votedWeight(), st.totalWeight(), st.reason(), replies));
        }
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private void replace(ProposalStatus earlier, ProposalStatus status) {
        if (earlier != null) {
            bytes -= size(earlier);
        }
        byId.put(status.proposal().id(), status);
        bytes += size(status);
        Iterator<ProposalStatus> oldestFirst = byId.values().iterator();
        while ((byId.size() > capacity || bytes > maxBytes) && byId.size() > 1) {
            bytes -= size(oldestFirst.next());
            oldestFirst.remove();
        }
    }

    static long size(ProposalStatus status) {
        Proposal p = status.proposal();
        // strings at two bytes a character, as a heap may hold them
        long chars = p.id().length() + p.kind().length() + p.proposer().length()
                + (status.reason() == null ? 0 : status.reason().length());
        long size = OVERHEAD_BYTES + p.payload().length + 2 * chars;
        for (ProposalStatus.Reply reply : status.replies()) {
            size += OVERHEAD_BYTES + reply.signedBytes().length + reply.signature().length;
        }
        return size;
    }
}
