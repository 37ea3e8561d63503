package org.aegis.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Proposals, decisions and the consensus state. Operators propose; readers look. */
@Component(service = ConsensusResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ConsensusResource {
    static final String NO_ENGINE = "no consensus engine is installed: install the aegis-consensus feature";
    static final int MAX_WAIT_SECONDS = 30;
    static final int MAX_DECISIONS_PAGE = 1000;
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConsensusEngine engine;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;
    /** The rules of every component that applies decisions: the node's state machine, plugins for their own kinds. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<DecisionRules> rules = List.of();

    /**
     * Submits a proposal and waits up to {@code wait} seconds for its decision: 201 with the decided proposal, or
     * 202 with its status and a Location to poll when the network needs longer.
     */
    @POST
    @Path("proposals")
    @Consumes(MediaType.APPLICATION_JSON)
    @MaxBodyBytes(MAX_PAYLOAD_BYTES)
    @RequiresRole(Role.OPERATOR)
    public void propose(ProposalRequest request, @QueryParam("wait") @DefaultValue("5") String waitParam,
            @Context HttpServletRequest http, @Suspended AsyncResponse async) {
        Proposal proposal = parse(request, (Principal) http.getAttribute(RestApi.PRINCIPAL));
        long wait = QueryParams.whole("wait", waitParam, 0, MAX_WAIT_SECONDS);
        ConsensusEngine current = engine;
        if (current == null) {
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
        URI location = URI.create("/api/v1/proposals/" + proposal.id());
        async.setTimeout(wait, TimeUnit.SECONDS);
        async.setTimeoutHandler(timedOut -> timedOut.resume(Response.accepted(view(current, proposal))
                .location(location).build()));
        current.propose(proposal).whenComplete((decision, failure) -> {
            if (failure != null) {
                async.resume(ApiError.response(409, "proposal " + proposal.id() + " rejected: "
                        + PeersResource.failure(failure).getMessage()));
            } else {
                async.resume(Response.created(location).entity(view(current, proposal)).build());
            }
        });
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
                proposal.kind(), proposal.proposer(), null, null, "pending", 0, 0, List.of(), 0, 0, 0, null));
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
        ConsensusEngine current = engine;
        if (current == null) {
            return ApiError.response(503, NO_ENGINE);
        }
        return Response.ok(current.decisions(from, limit).stream().map(ConsensusViews::decision).toList()).build();
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
