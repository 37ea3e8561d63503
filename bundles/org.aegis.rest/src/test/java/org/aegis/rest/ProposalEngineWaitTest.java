package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.aegis.api.audit.AuditEntry;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.consensus.ConsensusBusyException;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ValidatorSet;
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
        resource.activate((RestConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RestConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "engineWaitMs" -> engineWaitMs;
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
        resource.audit = (AuditLog) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AuditLog.class},
                (proxy, method, args) -> new AuditEntry(1, null));
    }

    @Test
    void withoutAnEngineAProposalFailsWith503NamingItAfterTheWait() {
        activate(300);
        Async async = new Async();
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
    void aProposalWaitingForAnEngineIsSubmittedToTheOneThatAppears() throws InterruptedException {
        activate(10_000);
        Async async = new Async();
        propose("p2", async);
        Thread.sleep(200);
        assertEquals(null, async.response.get(), "still waiting");
        Engine engine = new Engine();
        resource.bindEngine(engine);
        Response response = async.await();
        assertEquals(201, response.getStatus());
        assertEquals(List.of("p2"), engine.proposed);
    }

    @Test
    void aProposalWhoseEngineStopsGoesToItsReplacement() {
        activate(10_000);
        Engine stopping = new Engine();
        stopping.running = false;
        resource.bindEngine(stopping);
        Async async = new Async();
        propose("p3", async);
        resource.unbindEngine(stopping);
        Engine replacement = new Engine();
        resource.bindEngine(replacement);
        Response response = async.await();
        assertEquals(201, response.getStatus());
        assertEquals(List.of("p3"), replacement.proposed);
    }

    @Test
    void aRejectionIsNotRetried() {
        activate(10_000);
        Engine engine = new Engine();
        engine.reject = true;
        resource.bindEngine(engine);
        Async async = new Async();
        propose("p4", async);
        assertEquals(409, async.await().getStatus());
        assertEquals(List.of("p4"), engine.proposed);
    }

    @Test
    void aBusyEngineIsAnswered503WithRetryAfterAndNotRetriedHere() {
        activate(10_000);
        Engine engine = new Engine();
        engine.busy = true;
        resource.bindEngine(engine);
        Async async = new Async();
        propose("p5", async);
        Response response = async.await();
        assertEquals(503, response.getStatus());
        assertEquals("3", response.getHeaderString(HttpHeaders.RETRY_AFTER), "2.5 s, rounded up");
        assertEquals(List.of("p5"), engine.proposed);
    }

    private void propose(String id, Async async) {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest http = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        resource.propose(new ConsensusResource.ProposalRequest(id, "note", JsonNodeFactory.instance.objectNode()),
                "5", http, async.proxy());
    }

    /** Records what the resource resumes the response with. */
    private static final class Async {
        final AtomicReference<Response> response = new AtomicReference<>();

        AsyncResponse proxy() {
            return (AsyncResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AsyncResponse.class}, (p, method, args) -> switch (method.getName()) {
                        case "resume" -> response.compareAndSet(null, (Response) args[0]);
                        case "isDone" -> response.get() != null;
                        case "setTimeout" -> true;
                        case "setTimeoutHandler" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        Response await() {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (response.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no response within 5 s");
                }
                Thread.onSpinWait();
            }
            return response.get();
        }
    }

    private static final class Engine implements ConsensusEngine {
        final List<String> proposed = new CopyOnWriteArrayList<>();
        volatile boolean running = true;
        volatile boolean reject;
        volatile boolean busy;

        @Override
        public CompletionStage<Decision> propose(Proposal proposal) {
            if (!running) {
                return CompletableFuture.failedFuture(new IllegalStateException("the replica is not running"));
            }
            proposed.add(proposal.id());
            if (reject) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("this node is not a validator"));
            }
            if (busy) {
                return CompletableFuture.failedFuture(new ConsensusBusyException("1024 proposals undecided",
                        Duration.ofMillis(2500)));
            }
            return CompletableFuture.completedFuture(new Decision(1, 0, proposal, Instant.EPOCH));
        }

        @Override
        public ValidatorSet validators() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long view() {
            return 0;
        }

        @Override
        public long lastCommitted() {
            return 0;
        }

        @Override
        public ConsensusState state() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ProposalStatus> status(String proposalId) {
            return Optional.empty();
        }

        @Override
        public List<Decision> decisions(long fromSequence, int limit) {
            return List.of();
        }
    }
}
