package org.aegis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.consensus.ConsensusBusyException;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionLog;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposals, decisions and the consensus state. Operators propose; readers look. Committed decisions are read from
 * the node's {@link DecisionLog}, so they answer while no consensus engine is installed. A proposal that arrives
 * while there is no engine, or whose engine stops before deciding it, waits up to {@code engineWaitMs} for one and
 * is then submitted to it (the same id and content: the same proposal, decided once); the request's thread is not
 * held meanwhile (the response is asynchronous, the waits are timers of this component).
 */
@Component(service = ConsensusResource.class, configurationPid = RestConfig.PID)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ConsensusResource {
    static final String NO_ENGINE = "no consensus engine is installed: install the aegis-consensus feature";
    static final String NO_DECISION_LOG = "the node's decision log is not available: start the org.aegis.node bundle"
            + " (feature aegis-core)";
    /** Pause before a proposal whose engine was not running is submitted again. */
    static final long RETRY_MS = 200;
    static final int MAX_WAIT_SECONDS = 30;
    static final int MAX_DECISIONS_PAGE = 1000;
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    static final int MAX_VALIDATOR_REQUEST_BYTES = 4096;
    /** Proposals that may wait for an engine at once; more are answered 503 at once, as a busy engine's are. */
    static final int MAX_WAITING_FOR_ENGINE = 1024;
    static final String VALIDATORS_NEED_ADMIN = "changing the validator set needs the admin role";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusResource.class);
    private final Clock clock = Clock.systemUTC();

    /**
     * @param id      unique id; retries with the same id are the same proposal (generated when absent)
     * @param kind    what it changes: {@code config}, {@code model-version}, {@code validators}, or any other kind
     * @param payload the content, any JSON value
     */
    public record ProposalRequest(String id, String kind, JsonNode payload) {
    }

    /** @param peerId the peer id of the node to add to the validator set */
    public record ValidatorRequest(String peerId) {
    }

    volatile ConsensusEngine engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile DecisionLog decisionLog;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;
    /** The rules of every component that applies decisions: the node's state machine, plugins for their own kinds. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<DecisionRules> rules = List.of();

    /** Proposals waiting for an engine to appear, at most {@link #MAX_WAITING_FOR_ENGINE}. */
    private final Set<Attempt> waiting = ConcurrentHashMap.newKeySet();
    private volatile long engineWaitNanos = TimeUnit.MILLISECONDS.toNanos(10_000);
    private ScheduledExecutorService timer;

    /** One proposal on its way to an engine: its response, and the time after which it stops waiting for one. */
    private record Attempt(Proposal proposal, AsyncResponse async, URI location, long waitSeconds, long deadline,
            long engineWaitMs, TraceSpan trace) {
        /** Each request is its own attempt, whatever its content. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    @Activate
    void activate(RestConfig config) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "aegis-rest-proposals"));
        modified(config);
    }

    @Modified
    void modified(RestConfig config) {
        engineWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, config.engineWaitMs()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        timer.shutdownNow();
        for (Attempt attempt : List.copyOf(waiting)) {
            if (waiting.remove(attempt)) {
                attempt.async().resume(ApiError.response(503, "the REST API is stopping; propose again"));
            }
        }
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEngine(ConsensusEngine bound) {
        engine = bound;
        for (Attempt attempt : List.copyOf(waiting)) {
            if (waiting.remove(attempt)) {
                later(attempt, 0);
            }
        }
    }

    void unbindEngine(ConsensusEngine unbound) {
        if (engine == unbound) {
            engine = null;
        }
    }

    /**
     * Submits a proposal and waits up to {@code wait} seconds for its decision: 201 with the decided proposal, or
     * 202 with its status and a Location to poll when the network needs longer. Without an engine it first waits
     * up to {@code engineWaitMs} for one, then answers 503.
     */
    @POST
    @Path("proposals")
    @Consumes(MediaType.APPLICATION_JSON)
    @MaxBodyBytes(MAX_PAYLOAD_BYTES)
    @RequiresRole(Role.OPERATOR)
    public void propose(ProposalRequest request, @QueryParam("wait") @DefaultValue("5") String waitParam,
            @Context HttpServletRequest http, @Suspended AsyncResponse async) {
        Principal principal = (Principal) http.getAttribute(RestApi.PRINCIPAL);
        Proposal proposal = parse(request, principal);
        if (ValidatorSetChange.KIND.equals(proposal.kind()) && (principal == null || principal.role() != Role.ADMIN)) {
            async.resume(ApiError.response(403, VALIDATORS_NEED_ADMIN));
            return;
        }
        accept(proposal, waitParam, http, async);
    }

    /**
     * Adds a validator by a {@code validators} decision: the set in force with {@code peer_id} last. Answers like a
     * proposal (201 decided, 202 pending); the new set votes from the first checkpoint after the decision.
     */
    @POST
    @Path("consensus/validators")
    @Consumes(MediaType.APPLICATION_JSON)
    @MaxBodyBytes(MAX_VALIDATOR_REQUEST_BYTES)
    @RequiresRole(Role.ADMIN)
    public void addValidator(ValidatorRequest request, @QueryParam("wait") @DefaultValue("5") String waitParam,
            @Context HttpServletRequest http, @Suspended AsyncResponse async) {
        if (request == null || request.peerId() == null) {
            throw new IllegalArgumentException("request body required: {\"peer_id\": \"12D3KooW…\"}");
        }
        changeValidators(set -> ValidatorSetChange.adding(set, request.peerId()), waitParam, http, async);
    }

    /** Removes a validator by a {@code validators} decision, the others keeping their order. */
    @DELETE
    @Path("consensus/validators/{peerId}")
    @RequiresRole(Role.ADMIN)
    public void removeValidator(@PathParam("peerId") String peerId,
            @QueryParam("wait") @DefaultValue("5") String waitParam, @Context HttpServletRequest http,
            @Suspended AsyncResponse async) {
        changeValidators(set -> ValidatorSetChange.removing(set, peerId), waitParam, http, async);
    }

    private void changeValidators(Function<ValidatorSet, ValidatorSetChange> change, String waitParam,
            HttpServletRequest http, AsyncResponse async) {
        ConsensusEngine current = engine;
        if (current == null) {
            async.resume(ApiError.response(503, NO_ENGINE));
            return;
        }
        Principal principal = (Principal) http.getAttribute(RestApi.PRINCIPAL);
        Proposal proposal = new Proposal(UUID.randomUUID().toString(), ValidatorSetChange.KIND,
                change.apply(current.state().validators()).toPayload(),
                principal == null ? "anonymous" : principal.subject());
        accept(proposal, waitParam, http, async);
    }

    /** A proposal from this API: refused at once what every replica would refuse, audited, then submitted. */
    private void accept(Proposal proposal, String waitParam, HttpServletRequest http, AsyncResponse async) {
        long wait = QueryParams.whole("wait", waitParam, 0, MAX_WAIT_SECONDS);
        long engineWait = engineWaitNanos;
        if (engine == null && engineWait == 0) {
            async.resume(ApiError.response(503, NO_ENGINE));
            return;
        }
        Optional<Response> refused = refusal(rules, proposal);
        if (refused.isPresent()) {
            http.setAttribute(RestApi.AUDIT_DETAIL, "refused " + proposal.kind() + " " + proposal.id());
            async.resume(refused.get());
            return;
        }
        http.setAttribute(RestApi.AUDIT_DETAIL, "proposed " + proposal.kind() + " " + proposal.id());
        if (!auditSubmission(proposal, http.getRemoteAddr())) {
            async.resume(ApiError.response(503, "audit log unavailable; proposals are refused until it is back"));
            return;
        }
        TraceSpan trace = http.getAttribute(RestApi.TRACE_SPAN) instanceof TraceSpan span ? span : TraceSpan.NONE;
        submit(new Attempt(proposal, async, URI.create("/api/v1/proposals/" + proposal.id()), wait,
                System.nanoTime() + engineWait, TimeUnit.NANOSECONDS.toMillis(engineWait), trace));
    }

    /** Submits to the engine there is, or waits for one. */
    private void submit(Attempt attempt) {
        ConsensusEngine current = engine;
        if (current == null) {
            await(attempt);
            return;
        }
        AsyncResponse async = attempt.async();
        Proposal proposal = attempt.proposal();
        if (!async.isDone()) {
            async.setTimeout(attempt.waitSeconds(), TimeUnit.SECONDS);
            async.setTimeoutHandler(timedOut -> timedOut.resume(Response.accepted(view(current, proposal))
                    .location(attempt.location()).build()));
        }
        CompletionStage<Decision> decided;
        // the engine takes the caller's trace from this thread, whichever thread submits (a retry runs on a timer)
        try (TraceScope scope = attempt.trace().activate()) {
            decided = current.propose(proposal);
        }
        decided.whenComplete((decision, failure) -> {
            if (failure == null) {
                async.resume(Response.created(attempt.location()).entity(view(current, proposal)).build());
                return;
            }
            Throwable cause = PeersResource.failure(failure);
            if (cause instanceof ConsensusBusyException busy) {
                // refused before it was submitted: the caller sends it again later, nothing waits here meanwhile
                async.resume(Response.fromResponse(ApiError.response(503, "proposal " + proposal.id()
                        + " not submitted, the network is busy: " + busy.getMessage() + "; propose it again later"))
                        .header(HttpHeaders.RETRY_AFTER, Math.max(1, (busy.retryAfter().toMillis() + 999) / 1000))
                        .build());
            } else if (cause instanceof IllegalStateException && System.nanoTime() < attempt.deadline()) {
                // the engine is stopping (a bundle update) or not started yet: the same proposal again, to
                // whichever engine is there in a moment; an engine that decided it answers with that decision
                LOG.info("Consensus engine not running for proposal {} ({}); submitting it again",
                        proposal.id(), cause.getMessage());
                later(attempt, RETRY_MS);
            } else if (cause instanceof IllegalStateException) {
                async.resume(ApiError.response(503, NO_ENGINE + " (the engine stopped and none took over within "
                        + attempt.engineWaitMs() + " ms): " + cause.getMessage()));
            } else {
                async.resume(ApiError.response(409, "proposal " + proposal.id() + " rejected: " + cause.getMessage()));
            }
        });
    }

    /** Parks the attempt until an engine binds or its deadline passes, then answers 503. */
    private void await(Attempt attempt) {
        long remaining = attempt.deadline() - System.nanoTime();
        if (remaining <= 0) {
            attempt.async().resume(ApiError.response(503, NO_ENGINE + " (waited " + attempt.engineWaitMs()
                    + " ms for one)"));
            return;
        }
        if (waiting.size() >= MAX_WAITING_FOR_ENGINE) {
            attempt.async().resume(Response.fromResponse(ApiError.response(503, NO_ENGINE + " and "
                    + MAX_WAITING_FOR_ENGINE + " proposals are waiting for one already; propose again later"))
                    .header(HttpHeaders.RETRY_AFTER, 1).build());
            return;
        }
        waiting.add(attempt);
        try {
            timer.schedule(() -> {
                if (waiting.remove(attempt)) {
                    await(attempt);
                }
            }, remaining, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            waiting.remove(attempt);
            attempt.async().resume(ApiError.response(503, "the REST API is stopping; propose again"));
            return;
        }
        if (engine != null && waiting.remove(attempt)) {
            later(attempt, 0); // an engine bound while this one was being parked
        }
    }

    private void later(Attempt attempt, long delayMs) {
        try {
            timer.schedule(() -> submit(attempt), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            attempt.async().resume(ApiError.response(503, "the REST API is stopping; propose again"));
        }
    }

    /**
     * Records the submission durably before the proposal leaves this node: the outcome is written when the call
     * ends, and a node killed in between would otherwise leave a committed decision without an audit record.
     */
    private boolean auditSubmission(Proposal proposal, String client) {
        AuditLog log = audit;
        if (log == null) {
            return false;
        }
        try {
            log.append(new AuditRecord(clock.instant(), proposal.proposer(), "propose " + proposal.kind(), "submitted",
                    client, "proposal " + proposal.id()));
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not audit the submission of proposal {}; not proposed", proposal.id(), e);
            return false;
        }
    }

    /**
     * What every replica would refuse on apply is refused here at once: 403 for what no decision may do (a
     * node-local setting), 400 for a payload its kind cannot use. Without the state machine's rules the
     * replicas still refuse it when they apply it. Each rule service speaks only for the kinds it applies.
     */
    static Optional<Response> refusal(List<DecisionRules> rules, Proposal proposal) {
        return rules.stream().flatMap(r -> r.check(proposal).stream()).findFirst().map(refusal -> ApiError.response(
                refusal.reason() == DecisionRules.Reason.FORBIDDEN ? 403 : 400,
                "every replica would refuse this " + proposal.kind() + " proposal: " + refusal.message()));
    }

    private static Object view(ConsensusEngine engine, Proposal proposal) {
        Optional<ProposalStatus> status = engine.status(proposal.id());
        return status.<Object>map(ConsensusViews::proposal).orElse(new ConsensusViews.ProposalView(proposal.id(),
                proposal.kind(), proposal.proposer(), null, null, "pending", 0, 0, List.of(), 0, 0, 0, null, List.of()));
    }

    static Proposal parse(ProposalRequest request, Principal principal) {
        if (request == null) {
            throw new IllegalArgumentException("request body required: {\"kind\": ..., \"payload\": {...}}");
        }
        String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'id' must be 1-128 characters of letters, digits and . _ : -, was '" + id + "'");
        }
        if (request.kind() == null || !KIND.matcher(request.kind()).matches()) {
            throw new IllegalArgumentException("'kind' is required: lower-case letters, digits and '-', e.g. config, "
                    + "model-version, validators");
        }
        if (request.payload() == null || request.payload().isNull()) {
            throw new IllegalArgumentException("'payload' is required (any JSON value)");
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(request.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'payload' cannot be serialised: " + e.getOriginalMessage());
        }
        return new Proposal(id, request.kind(), payload, principal == null ? "anonymous" : principal.subject());
    }

    @GET
    @Path("proposals/{id}")
    public Response proposal(@PathParam("id") String id) {
        ConsensusEngine current = engine;
        if (current == null) {
            return ApiError.response(503, NO_ENGINE);
        }
        return current.status(id).map(status -> Response.ok(ConsensusViews.proposal(status)).build())
                .orElseGet(() -> ApiError.response(404, "no proposal with id '" + id + "'"));
    }

    @GET
    @Path("decisions")
    public Response decisions(@QueryParam("from") @DefaultValue("1") String fromParam,
            @QueryParam("limit") @DefaultValue("100") String limitParam) {
        long from = QueryParams.whole("from", fromParam, 1, Long.MAX_VALUE);
        int limit = (int) QueryParams.whole("limit", limitParam, 1, MAX_DECISIONS_PAGE);
        DecisionLog log = decisionLog;
        if (log == null) {
            return ApiError.response(503, NO_DECISION_LOG);
        }
        return Response.ok(log.decisions(from, limit).stream().map(ConsensusViews::decision).toList()).build();
    }

    @GET
    @Path("consensus")
    public Response state() {
        ConsensusEngine current = engine;
        if (current == null) {
            return ApiError.response(503, NO_ENGINE);
        }
        return Response.ok(ConsensusViews.state(current.state())).build();
    }
}
