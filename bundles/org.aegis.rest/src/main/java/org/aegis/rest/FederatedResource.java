package org.aegis.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.aegis.api.learning.FederatedLearning;
import org.aegis.api.learning.RunRequest;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Federated training: operators start runs and roll back; readers see tasks and versions and classify rows. */
@Component(service = FederatedResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH)
@Produces(MediaType.APPLICATION_JSON)
public class FederatedResource {
    static final String NOT_INSTALLED = "federated learning is not installed: install the aegis-federated feature";
    static final long MAX_BODY = 4L * 1024 * 1024;
    private static final long SMALL_BODY = 64 * 1024;

    /** A run or rollback the network has not decided within the wait. */
    public record PendingView(String task, String status) {
    }

    /** A decided rollback. */
    public record RollbackView(String task, long version, long sequence) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FederatedLearning federated;

    /** Proposes a run: 201 once the network decided it, 202 if it needs longer than {@code wait} seconds. */
    @POST
    @Path("federated/rounds")
    @Consumes(MediaType.APPLICATION_JSON)
    @MaxBodyBytes(SMALL_BODY)
    @RequiresRole(Role.OPERATOR)
    public void startRun(FederatedRequests.RunBody body, @QueryParam("wait") @DefaultValue("5") String waitParam,
            @Context HttpServletRequest http, @Suspended AsyncResponse async) {
        RunRequest request = FederatedRequests.run(body);
        long wait = QueryParams.whole("wait", waitParam, 0, ConsensusResource.MAX_WAIT_SECONDS);
        http.setAttribute(RestApi.AUDIT_DETAIL, "federated run of " + request.task());
        decide(request.task(), wait, async, service -> service.startRun(request), decided -> decided);
    }

    /** Proposes that the network serves an earlier version again; 201 once decided, 202 if it needs longer. */
    @POST
    @Path("federated/tasks/{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @MaxBodyBytes(SMALL_BODY)
    @RequiresRole(Role.OPERATOR)
    public void rollback(@PathParam("name") String task, FederatedRequests.RollbackBody body,
            @QueryParam("wait") @DefaultValue("5") String waitParam, @Context HttpServletRequest http,
            @Suspended AsyncResponse async) {
        long version = FederatedRequests.version(body);
        long wait = QueryParams.whole("wait", waitParam, 0, ConsensusResource.MAX_WAIT_SECONDS);
        http.setAttribute(RestApi.AUDIT_DETAIL, "federated rollback of " + task + " to " + version);
        decide(task, wait, async, service -> service.rollback(task, version),
                sequence -> new RollbackView(task, version, sequence));
    }

    private <T> void decide(String task, long wait, AsyncResponse async,
            Function<FederatedLearning, CompletionStage<T>> proposal, Function<T, Object> view) {
        FederatedLearning current = federated;
        if (current == null) {
            async.resume(ApiError.response(503, NOT_INSTALLED));
            return;
        }
        CompletionStage<T> decided;
        try {
            decided = proposal.apply(current);
        } catch (IllegalArgumentException e) {
            async.resume(ApiError.response(400, e.getMessage()));
            return;
        } catch (IllegalStateException e) {
            async.resume(ApiError.response(503, e.getMessage()));
            return;
        }
        URI location = URI.create("/api/v1/federated/tasks/" + task);
        async.setTimeout(wait, TimeUnit.SECONDS);
        async.setTimeoutHandler(timedOut -> timedOut.resume(Response.accepted(new PendingView(task, "proposed"))
                .location(location).build()));
        decided.whenComplete((result, failure) -> async.resume(failure != null
                ? ApiError.response(409, "not decided: " + PeersResource.failure(failure).getMessage())
                : Response.created(location).entity(view.apply(result)).build()));
    }

    @GET
    @Path("federated/tasks")
    public Response tasks() {
        return withService(service -> Response.ok(service.tasks()).build());
    }

    @GET
    @Path("federated/tasks/{name}")
    public Response task(@PathParam("name") String task) {
        return withService(service -> service.status(task).map(status -> Response.ok(status).build())
                .orElseGet(() -> ApiError.response(404, "no federated task '" + task + "' on this node")));
    }

    @GET
    @Path("models/versions")
    public Response versions(@QueryParam("task") String task) {
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("query parameter 'task' is required, e.g. ?task=iris");
        }
        return withService(service -> Response.ok(service.versions(task)).build());
    }

    @POST
    @Path("federated/tasks/{name}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @ReadOnly
    @MaxBodyBytes(MAX_BODY)
    public Response predictJson(@PathParam("name") String task, FederatedRequests.PredictBody body) {
        List<float[]> rows = FederatedRequests.rows(body);
        return predict(task, rows, body.version() == null ? OptionalLong.empty() : OptionalLong.of(body.version()));
    }

    @POST
    @Path("federated/tasks/{name}/predict")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @ReadOnly
    @MaxBodyBytes(MAX_BODY)
    public Response predictCsv(@PathParam("name") String task, @QueryParam("version") String versionParam,
            InputStream body) throws IOException {
        List<float[]> rows = FederatedRequests.csvRows(new InputStreamReader(body, StandardCharsets.UTF_8));
        return predict(task, rows, versionParam == null ? OptionalLong.empty()
                : OptionalLong.of(QueryParams.whole("version", versionParam, 1, Long.MAX_VALUE)));
    }

    private Response predict(String task, List<float[]> rows, OptionalLong version) {
        return withService(service -> Response.ok(service.predict(task, rows, version)).build());
    }

    /** The answer with the service, 503 without it; the service's refusals of the request are 400. */
    private Response withService(Function<FederatedLearning, Response> answer) {
        FederatedLearning current = federated;
        if (current == null) {
            return ApiError.response(503, NOT_INSTALLED);
        }
        return answer.apply(current);
    }
}
