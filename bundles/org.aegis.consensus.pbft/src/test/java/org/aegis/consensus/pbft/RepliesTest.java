package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.Outcome;
import org.aegis.consensus.pbft.message.Message.Reply;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.testing.OutboundFilter;
import org.junit.jupiter.api.Test;

/** The reply path: a proposer learns its decision from validators of more than f's weight, not from its replica. */
class RepliesTest {
    private static final byte[] DOMAIN = "aegis/pbft/1.0.0\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theProposerGetsSignedRepliesThatAnyoneCanCheck() throws Exception {
        Cluster c = new Cluster(4);
        CompletableFuture<Decision> decided = c.propose(1, "p1");
        assertTrue(c.runUntil(decided::isDone, Duration.ofSeconds(2)));
        Decision decision = decided.get();

        ProposalStatus status = c.replica(1).status("p1").orElseThrow();
        Set<String> vouching = new HashSet<>();
        long weight = 0;
        for (ProposalStatus.Reply reply : status.replies()) {
            assertTrue(c.identity(1).verify(reply.peerId(), reply.signedBytes(), reply.signature()),
                    reply + " is signed by its validator");
            Outcome outcome = outcomeOf(reply.signedBytes(), "p1");
            assertEquals(decision.sequence(), outcome.decision());
            assertEquals(Digests.entry(new Entry("node-1", decision.proposal())), outcome.entry(),
                    "the reply names what was decided: node-1's proposal");
            assertTrue(vouching.add(reply.peerId()));
            weight += reply.weight();
        }
        assertTrue(vouching.contains("node-1"), "the proposer's own replica replies too");
        assertTrue(3 * weight > status.totalWeight(), "more than the fault-tolerance weight vouches: " + weight);
        assertEquals(List.of(), c.replica(2).status("p1").orElseThrow().replies(),
                "replies go to the proposer only");
    }

    @Test
    void theProposersOwnReplicaAloneDoesNotDecideForIt() throws Exception {
        Cluster c = new Cluster(4);
        OutboundFilter noReplies = (peer, frame) -> isReply(frame) ? null : frame;
        for (int i : new int[] {0, 2, 3}) {
            c.filter(i, noReplies);
        }
        CompletableFuture<Decision> decided = c.propose(1, "p1");
        assertTrue(c.runUntil(() -> c.replica(1).lastCommitted() == 1, Duration.ofSeconds(2)));
        c.run(Duration.ofMillis(500));
        assertFalse(decided.isDone(), "executed here, but no other validator has said so");

        for (int i : new int[] {0, 2, 3}) {
            c.filter(i, (peer, frame) -> frame);
        }
        // the proposer asks again (its request once more) and the validators answer with their replies
        assertTrue(c.runUntil(decided::isDone, Duration.ofSeconds(5)));
        assertEquals("p1", decided.get().proposal().id());
        assertTrue(c.replica(1).status("p1").orElseThrow().replies().size() >= 2);
    }

    @Test
    void oneLyingValidatorConfirmsNothingAndTheTruthStillArrives() throws Exception {
        Cluster c = new Cluster(4);
        c.filter(2, lyingAbout("p1", c.identity(2)::sign));
        c.filter(0, (peer, frame) -> isReply(frame) ? null : frame);
        CompletableFuture<Decision> decided = c.propose(1, "p1");
        assertTrue(c.runUntil(() -> c.replica(1).lastCommitted() == 1, Duration.ofSeconds(2)));
        assertTrue(c.runUntil(decided::isDone, Duration.ofSeconds(2)));
        assertEquals(1, decided.get().sequence());
        Set<String> vouching = new HashSet<>();
        c.replica(1).status("p1").orElseThrow().replies().forEach(r -> vouching.add(r.peerId()));
        assertEquals(Set.of("node-1", "node-3"), vouching, "the lie is not part of the proof");
    }

    @Test
    void aReplicaWhoseOutcomeTheValidatorsContradictFailsItsProposer() {
        Cluster c = new Cluster(4);
        // beyond f: two validators report another outcome; the proposer must not report its own as decided
        c.filter(0, lyingAbout("p1", c.identity(0)::sign));
        c.filter(2, lyingAbout("p1", c.identity(2)::sign));
        c.filter(3, (peer, frame) -> isReply(frame) ? null : frame);
        CompletableFuture<Decision> decided = c.propose(1, "p1");
        assertTrue(c.runUntil(decided::isDone, Duration.ofSeconds(2)));
        ExecutionException failure = assertThrows(ExecutionException.class, decided::get);
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("differs from the network"), failure.getMessage());
    }

    /** Rewrites the sender's replies about {@code proposalId} to name another decision number, signed anew. */
    private static OutboundFilter lyingAbout(String proposalId, Function<byte[], byte[]> signer) {
        return (peer, frame) -> {
            Signed signed = decode(frame);
            if (!(signed.message() instanceof Reply reply)) {
                return frame;
            }
            List<Outcome> lies = reply.outcomes().stream().map(o -> o.proposalId().equals(proposalId)
                    ? new Outcome(o.proposalId(), o.decision() + 7, o.entry()) : o).toList();
            return MessageCodec.encode(Signed.sign(signed.sender(), new Reply(lies), signer));
        };
    }

    private static boolean isReply(byte[] frame) {
        return decode(frame).message() instanceof Reply;
    }

    private static Signed decode(byte[] frame) {
        try {
            return MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What a client does with a reply's signed bytes: strips the domain, decodes, finds its proposal. */
    private static Outcome outcomeOf(byte[] signedBytes, String proposalId) throws MalformedMessageException {
        assertTrue(Arrays.equals(DOMAIN, Arrays.copyOf(signedBytes, DOMAIN.length)));
        Message message = MessageCodec.decodeBody(Arrays.copyOfRange(signedBytes, DOMAIN.length, signedBytes.length));
        return ((Reply) message).outcomes().stream().filter(o -> o.proposalId().equals(proposalId)).findFirst()
                .orElseThrow();
    }
}
