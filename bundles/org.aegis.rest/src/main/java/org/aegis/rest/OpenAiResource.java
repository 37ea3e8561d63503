package org.aegis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.model.ModelException;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * OpenAI-compatible endpoints over the node's {@link ModelRouter}, so that OpenAI clients and SDKs work against a
 * node with only the base URL changed ({@code http://host:8003/v1}) and an AEGIS token as the API key.
 *
 * <p>Who may call: listing models is a read (a reader token, or no token on loopback when reads are open there).
 * Chat and embeddings change nothing on the node, so they are not audited ({@link ReadOnly}), but they spend the
 * node's compute or a paid remote API, so they need an operator or admin token, also on loopback.
 *
 * <p>Answers complete asynchronously: no server thread waits for a model. A streamed reply holds one server thread
 * while it is written, for at most the router's deadline.
 */
@Component(service = OpenAiResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path("/" + OpenAiErrors.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class OpenAiResource {
    /** Chat histories and embedding batches are larger than the API's other bodies. */
    static final long MAX_BODY = 4L * 1024 * 1024;

    private final ModelRouter router;
    private final Clock clock;
    private final ObjectMapper mapper = JsonProvider.mapper();
    private final OpenAiRequests requests = new OpenAiRequests(mapper);

    @Activate
    public OpenAiResource(@Reference ModelRouter router) {
        this(router, Clock.systemUTC());
    }

    OpenAiResource(ModelRouter router, Clock clock) {
        this.router = router;
        this.clock = clock;
    }

    @GET
    @Path("models")
    public OpenAiResponses.ModelList models() {
        return OpenAiResponses.models(router.models());
    }

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, ChatEventStream.EVENT_STREAM})
    @ReadOnly
    @RequiresRole(Role.OPERATOR)
    @MaxBodyBytes(MAX_BODY)
    public CompletionStage<Response> chat(InputStream body) {
        OpenAiRequests.Chat chat;
        try {
            chat = requests.chat(body);
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(badRequest(e));
        }
        String id = OpenAiResponses.completionId();
        long created = clock.instant().getEpochSecond();
        if (chat.stream()) {
            String model = chat.request().model() == null ? "default" : chat.request().model();
            return new ChatEventStream(mapper, id, created, model).start(router.chatStream(chat.request()));
        }
        return answer(router.chat(chat.request()).thenApply(c -> OpenAiResponses.completion(id, created, c)));
    }

    @POST
    @Path("embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    @ReadOnly
    @RequiresRole(Role.OPERATOR)
    @MaxBodyBytes(MAX_BODY)
    public CompletionStage<Response> embeddings(InputStream body) {
        try {
            OpenAiRequests.Embedding embedding = requests.embeddings(body);
            return answer(router.embed(embedding.request())
                    .thenApply(e -> OpenAiResponses.embeddings(e, embedding.base64())));
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(badRequest(e));
        }
    }

    /** 200 with the body, or the router's failure in OpenAI's error shape. */
    private static CompletionStage<Response> answer(CompletionStage<?> result) {
        return result.handle((body, error) -> {
            if (error == null) {
                return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return cause instanceof ModelException e ? OpenAiErrors.response(e)
                    : OpenAiErrors.response(500, "the model router failed: " + cause.getClass().getSimpleName());
        });
    }

    private static Response badRequest(Exception e) {
        String message = e instanceof JsonProcessingException json ? ErrorMappers.describe(json)
                : e instanceof IllegalArgumentException ? e.getMessage() : "could not read the body: " + e.getMessage();
        return OpenAiErrors.response(400, message);
    }
}
