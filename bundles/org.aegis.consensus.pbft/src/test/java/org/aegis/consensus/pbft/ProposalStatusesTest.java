package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ProposalStatus.State;
import org.junit.jupiter.api.Test;

class ProposalStatusesTest {
    private static ProposalStatus status(String id, State state, int payloadBytes) {
        return new ProposalStatus(new Proposal(id, "note", new byte[payloadBytes], "node-1"), state, 0, 0, List.of(),
                0, 0, null);
    }

    @Test
    void largeProposalsAreBoundedByBytesNotOnlyByCount() {
        ProposalStatuses statuses = new ProposalStatuses(10_000, 1 << 20);
        for (int i = 0; i < 100; i++) {
            statuses.put(status("p" + i, State.PENDING, 256 << 10));
        }
        assertTrue(statuses.bytes() <= 1 << 20, statuses.bytes() + " bytes held");
        assertEquals(3, statuses.size(), "three statuses of 256 KiB fit in 1 MiB");
        assertTrue(statuses.get("p99").isPresent(), "the newest stays");
        assertTrue(statuses.get("p0").isEmpty(), "the oldest went first");
    }

    @Test
    void countBoundsSmallOnesAndBytesFollowReplacements() {
        ProposalStatuses statuses = new ProposalStatuses(5, 1 << 20);
        for (int i = 0; i < 8; i++) {
            statuses.put(status("p" + i, State.PENDING, 10));
        }
        assertEquals(5, statuses.size());
        long one = ProposalStatuses.size(status("p7", State.PENDING, 10));
        assertEquals(5 * one, statuses.bytes());
        statuses.put(status("p7", State.DECIDED, 10));
        statuses.put(status("p7", State.ORDERED, 10));
        assertEquals(State.DECIDED, statuses.get("p7").orElseThrow().state(), "a decided status is not undone");
        assertEquals(5 * one, statuses.bytes(), "a replaced status is counted once");
        statuses.withReplies("p7", List.of(new ProposalStatus.Reply("node-2", 100, new byte[90], new byte[64])));
        assertEquals(5 * one + ProposalStatuses.OVERHEAD_BYTES + 154, statuses.bytes());
    }
}
