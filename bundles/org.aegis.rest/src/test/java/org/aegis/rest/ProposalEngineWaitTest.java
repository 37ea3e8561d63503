package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A proposal that arrives while no consensus engine is installed waits a bounded time for one. */
class ProposalEngineWaitTest {
    private final ConsensusResource resource = new ConsensusResource();

    @AfterEach
    void stop() throws InterruptedException {
        resource.deactivate();
    }

    private void activate(long engineWaitMs) {
        ConsensusResources.activate(resource, engineWaitMs);
    }

    @Test
    void withoutAnEngineAProposalFailsWith503NamingItAfterTheWait() {
        activate(300);
        RecordingResponse async = new RecordingResponse();
        long start = System.nanoTime();
        propose("p1", async);
        Response response = async.await();
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(503, response.getStatus());
        assertTrue(((ApiError) response.getEntity()).error().contains("no consensus engine is installed"),
                response.getEntity().toString());
        assertTrue(waited >= 280, "answered after " + waited + " ms");
    }

    @Test
    void whenAsManyProposalsAsAllowedWaitForAnEngineTheNextIsAnswered503AtOnce() {
        activate(10_000);
        for (int i = 0; i < ConsensusResource.MAX_WAITING_FOR_ENGINE; i++) {
            propose("waiting-" + i, new RecordingResponse());
        }
        RecordingResponse refused = new RecordingResponse();
        propose("one-too-many", refused);
        Response response = refused.await();
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaderString(HttpHeaders.RETRY_AFTER));
        assertTrue(((ApiError) response.getEntity()).error().contains("proposals are waiting for one already"),
                response.getEntity().toString());
    }

    @Test
    void aProposalWaitingForAnEngineIsSubmittedToTheOneThatAppears() throws InterruptedException {
        activate(10_000);
        RecordingResponse async = new RecordingResponse();
        propose("p2", async);
        Thread.sleep(200);
        assertEquals(null, async.response.get(), "still waiting");
        FakeEngine engine = new FakeEngine();
        resource.bindEngine(engine);
        Response response = async.await();
        assertEquals(201, response.getStatus());
        assertEquals(List.of("p2"), engine.proposed);
    }

    @Test
    void aProposalWhoseEngineStopsGoesToItsReplacement() {
        activate(10_000);
        FakeEngine stopping = new FakeEngine();
        stopping.running = false;
        resource.bindEngine(stopping);
        RecordingResponse async = new RecordingResponse();
        propose("p3", async);
        resource.unbindEngine(stopping);
        FakeEngine replacement = new FakeEngine();
        resource.bindEngine(replacement);
        Response response = async.await();
        assertEquals(201, response.getStatus());
        assertEquals(List.of("p3"), replacement.proposed);
    }

    @Test
    void aRejectionIsNotRetried() {
        activate(10_000);
        FakeEngine engine = new FakeEngine();
        engine.reject = true;
        resource.bindEngine(engine);
        RecordingResponse async = new RecordingResponse();
        propose("p4", async);
        assertEquals(409, async.await().getStatus());
        assertEquals(List.of("p4"), engine.proposed);
    }

    @Test
    void aBusyEngineIsAnswered503WithRetryAfterAndNotRetriedHere() {
        activate(10_000);
        FakeEngine engine = new FakeEngine();
        engine.busy = true;
        resource.bindEngine(engine);
        RecordingResponse async = new RecordingResponse();
        propose("p5", async);
        Response response = async.await();
        assertEquals(503, response.getStatus());
        assertEquals("3", response.getHeaderString(HttpHeaders.RETRY_AFTER), "2.5 s, rounded up");
        assertEquals(List.of("p5"), engine.proposed);
    }

    private void propose(String id, RecordingResponse async) {
        resource.propose(new ConsensusResource.ProposalRequest(id, "note", JsonNodeFactory.instance.objectNode()),
                "5", FakeServletRequests.from(null), async.proxy());
    }
}
