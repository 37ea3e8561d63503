package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import javax.ws.rs.core.Response;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Adding and removing a validator through REST proposes the set in force, changed; only an admin may. */
class ValidatorChangeTest {
    private static final Principal ADMIN = principal(Role.ADMIN);
    private static final Principal OPERATOR = principal(Role.OPERATOR);

    private final ConsensusResource resource = new ConsensusResource();
    private final FakeEngine engine = new FakeEngine();

    private static Principal principal(Role role) {
        return new Principal("someone", role, "t1", Instant.EPOCH, Instant.MAX);
    }

    @BeforeEach
    void start() {
        ConsensusResources.activate(resource, 0);
        engine.state = new ConsensusState(0, "n0", 9, 8, new ValidatorSet(1, List.of(new Validator("n0", 100),
                new Validator("n1", 100), new Validator("n2", 100), new Validator("n3", 100)), 400), 133, 1, false);
        resource.bindEngine(engine);
    }

    @AfterEach
    void stop() throws InterruptedException {
        resource.deactivate();
    }

    @Test
    void addingProposesTheSetInForceWithTheNewValidatorLast() {
        RecordingResponse async = new RecordingResponse();
        resource.addValidator(new ConsensusResource.ValidatorRequest("n4"), "5", FakeServletRequests.from(ADMIN),
                async.proxy());
        assertEquals(201, async.await().getStatus());
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), proposedSet());
        assertEquals("someone", engine.proposals.get(0).proposer());
    }

    @Test
    void removingKeepsTheOthersInOrder() {
        RecordingResponse async = new RecordingResponse();
        resource.removeValidator("n1", "5", FakeServletRequests.from(ADMIN), async.proxy());
        assertEquals(201, async.await().getStatus());
        assertEquals(List.of("n0", "n2", "n3"), proposedSet());
    }

    @Test
    void aChangeThatCannotBeIsRefusedBeforeItIsProposed() {
        IllegalArgumentException known = assertThrows(IllegalArgumentException.class, () -> resource.addValidator(
                new ConsensusResource.ValidatorRequest("n2"), "5", FakeServletRequests.from(ADMIN),
                new RecordingResponse().proxy()));
        assertTrue(known.getMessage().contains("n2 is a validator already"), known.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> resource.removeValidator(
                "n9", "5", FakeServletRequests.from(ADMIN), new RecordingResponse().proxy()));
        assertTrue(unknown.getMessage().contains("n9 is not a validator"), unknown.getMessage());
        assertEquals(List.of(), engine.proposed);
    }

    @Test
    void anOperatorCannotChangeTheValidatorsThroughAPlainProposal() {
        RecordingResponse async = new RecordingResponse();
        resource.propose(new ConsensusResource.ProposalRequest("v1", ValidatorSetChange.KIND,
                JsonNodeFactory.instance.objectNode().set("validators", JsonNodeFactory.instance.arrayNode().add("n0"))),
                "5", FakeServletRequests.from(OPERATOR), async.proxy());
        Response response = async.await();
        assertEquals(403, response.getStatus());
        assertEquals(ConsensusResource.VALIDATORS_NEED_ADMIN, ((ApiError) response.getEntity()).error());
        assertEquals(List.of(), engine.proposed);
    }

    private List<String> proposedSet() {
        return ValidatorSetChange.fromPayload(engine.proposals.get(0).payload()).peerIds();
    }
}
