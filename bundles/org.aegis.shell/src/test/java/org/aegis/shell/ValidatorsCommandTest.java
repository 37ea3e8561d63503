package org.aegis.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Transport;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

/** aegis:validators add proposes the set in force with the peer last, and only for a peer this node reaches. */
class ValidatorsCommandTest {
    private final List<Proposal> proposed = new ArrayList<>();

    @Test
    void addingAPeerThisNodeIsNotConnectedToIsRefusedUnlessForced() throws Exception {
        ValidatorsCommand command = command(List.of("n0", "n1"), "add", "n9");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);
        assertTrue(e.getMessage().contains("n9 is not connected to this node"), e.getMessage());
        assertEquals(List.of(), proposed);

        command.force = true;
        command.execute();
        assertEquals(List.of("n0", "n1", "n2", "n9"), proposedSet());
    }

    @Test
    void addingAConnectedPeerProposesTheSetInForceWithItLast() throws Exception {
        command(List.of("n0", "n1", "n3"), "add", "n3").execute();
        assertEquals(List.of("n0", "n1", "n2", "n3"), proposedSet());
        assertEquals("shell:alice", proposed.get(0).proposer());
    }

    private List<String> proposedSet() {
        assertEquals(1, proposed.size());
        assertEquals(ValidatorSetChange.KIND, proposed.get(0).kind());
        return ValidatorSetChange.fromPayload(proposed.get(0).payload()).peerIds();
    }

    /** The command on a node whose validators are n0, n1, n2, connected to {@code peers}. */
    private ValidatorsCommand command(List<String> peers, String action, String peer) {
        ValidatorsCommand command = new ValidatorsCommand();
        command.action = action;
        command.peer = peer;
        ConsensusState state = new ConsensusState(0, "n0", 0, 0, new ValidatorSet(0, List.of(new Validator("n0", 100),
                new Validator("n1", 100), new Validator("n2", 100)), 300), 99, 0, false);
        command.engine = fake(ConsensusEngine.class, (method, args) -> switch (method) {
            case "state" -> state;
            case "propose" -> {
                Proposal p = (Proposal) args[0];
                proposed.add(p);
                yield CompletableFuture.completedFuture(new Decision(1, 0, p, Instant.EPOCH));
            }
            default -> throw new UnsupportedOperationException(method);
        });
        command.transport = fake(Transport.class, (method, args) -> switch (method) {
            case "peers" -> peers.stream().map(id -> new PeerInfo(id, List.of(), List.of(), null)).toList();
            default -> throw new UnsupportedOperationException(method);
        });
        command.session = fake(Session.class, (method, args) -> "get".equals(method) ? "alice" : null);
        return command;
    }

    private interface Answer {
        Object of(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.of(method.getName(), args)));
    }
}
