package org.aegis.example.rest;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's models as a plugin sees them through the {@link ModelRouter}, and a question to one of them:
 * {@code GET /api/v1/example/models} and {@code POST /api/v1/example/models/{model}/questions}.
 *
 * <p>Registered on the JAX-RS whiteboard as the platform's own resources are: in the default application, with the
 * platform's JSON provider and security filter selected by name, so that it is only served while the filter runs
 * and every call gets the node's tokens, rate limits, roles and audit. Its configuration
 * ({@link #PID}) sets the limits of a question.
 */
@Component(service = ModelsResource.class, configurationPid = ModelsResource.PID)
@Designate(ocd = ModelsResource.Config.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/example/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
    static final String PID = "org.aegis.example.rest";

    @ObjectClassDefinition(name = "AEGIS example: models REST resource",
            description = "Limits of the questions POST /api/v1/example/models/{model}/questions accepts.")
    public @interface Config {
        @AttributeDefinition(description = "Longest question, in characters.", min = "1")
        int maxQuestionChars() default 2000;

        @AttributeDefinition(description = "Most tokens an answer may have; also the default.", min = "1")
        int maxTokens() default 256;
    }

    private final ModelRouter router;
    private final int maxQuestionChars;
    private final int maxTokens;

    @Activate
    public ModelsResource(@Reference ModelRouter router, Config config) {
        if (config.maxQuestionChars() < 1) {
            throw new IllegalArgumentException(PID + ": maxQuestionChars must be at least 1, was "
                    + config.maxQuestionChars());
        }
        if (config.maxTokens() < 1) {
            throw new IllegalArgumentException(PID + ": maxTokens must be at least 1, was " + config.maxTokens());
        }
        this.router = router;
        this.maxQuestionChars = config.maxQuestionChars();
        this.maxTokens = config.maxTokens();
    }

    /** Every model, with how many providers serve it and how many of those take requests now (circuit not open). */
    @GET
    @RequiresRole(Role.READER)
    public ModelList models() {
        List<ProviderStatus> providers = router.providers();
        return new ModelList(router.models().stream()
                .sorted(Comparator.comparing(ModelInfo::id))
                .map(model -> summary(model, providers))
                .toList());
    }

    private static ModelSummary summary(ModelInfo model, List<ProviderStatus> providers) {
        List<ProviderStatus> serving = providers.stream().filter(p -> p.models().contains(model.id())).toList();
        long available = serving.stream().filter(p -> p.circuit() != ProviderStatus.Circuit.OPEN).count();
        return new ModelSummary(model.id(), model.capabilities().stream().sorted().toList(), serving.size(),
                (int) available);
    }

    /**
     * Asks {@code model} ({@code default} for the node's default model) one question. It changes nothing on the node,
     * so it is a read for the audit ({@link ReadOnly}), but it spends the node's compute or a paid remote API, so it
     * needs an operator token, also on loopback. The answer completes asynchronously: no server thread waits for the
     * model, and a router failure becomes the status of its reason.
     */
    @POST
    @Path("{model}/questions")
    @Consumes(MediaType.APPLICATION_JSON)
    @ReadOnly
    @RequiresRole(Role.OPERATOR)
    public CompletionStage<Answer> ask(@PathParam("model") String model, Question question) {
        ChatRequest request = chatRequest(model, question);
        return router.chat(request).thenApply(Answer::of);
    }

    /** The router's request for a question; bad input is the client's 400, with what to send instead. */
    ChatRequest chatRequest(String model, Question question) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model required in the path: /example/models/<model>/questions");
        }
        if (question == null || question.question() == null || question.question().isBlank()) {
            throw new IllegalArgumentException("request body required: {\"question\": \"…\", \"max_tokens\": "
                    + maxTokens + "}");
        }
        if (question.question().length() > maxQuestionChars) {
            throw new IllegalArgumentException("question has " + question.question().length()
                    + " characters, at most " + maxQuestionChars + " are accepted");
        }
        int tokens = question.maxTokens() == null ? maxTokens : question.maxTokens();
        if (tokens < 1 || tokens > maxTokens) {
            throw new IllegalArgumentException("max_tokens must be between 1 and " + maxTokens + ", was " + tokens);
        }
        return new ChatRequest(model, List.of(new ChatMessage("user", question.question())), tokens, 0);
    }
}
