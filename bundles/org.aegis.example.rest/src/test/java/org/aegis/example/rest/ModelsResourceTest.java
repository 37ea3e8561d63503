package org.aegis.example.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.ws.rs.Path;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.router.ProviderStatus.Circuit;
import org.aegis.api.security.Role;
import org.aegis.testing.Configs;
import org.aegis.testing.FakeModelRouter;
import org.junit.jupiter.api.Test;

/** The resource called directly, over a fake router: what it lists, what it asks, what it refuses, who may call. */
class ModelsResourceTest {
    private final FakeModelRouter router = new FakeModelRouter(
            request -> CompletableFuture.completedFuture(new ChatCompletion("big",
                    new ChatMessage("assistant", "forty-two"), "stop", 7, 2)))
            .withModels(List.of(new ModelInfo("tiny", "local", Set.of("embeddings", "chat")),
                    new ModelInfo("big", "remote-a", Set.of("chat"))))
            .withProviders(List.of(FakeModelRouter.provider("remote-a", Circuit.CLOSED, "big"),
                    FakeModelRouter.provider("remote-b", Circuit.OPEN, "big"),
                    FakeModelRouter.provider("local", Circuit.HALF_OPEN, "tiny")));
    private final ModelsResource resource = resource(Map.of());

    private ModelsResource resource(Map<String, Object> config) {
        return new ModelsResource(router, Configs.of(ModelsResource.Config.class, config));
    }

    @Test
    void listsEachModelWithHowManyProvidersServeItAndHowManyAreAvailable() {
        assertEquals(new ModelList(List.of(new ModelSummary("big", List.of("chat"), 2, 1),
                new ModelSummary("tiny", List.of("chat", "embeddings"), 1, 1))), resource.models());
    }

    @Test
    void asksTheRouterAndAnswersWithTheReply() {
        Answer answer = resource.ask("big", new Question("What is six times seven?", 16)).toCompletableFuture().join();

        assertEquals(new Answer("big", "forty-two", "stop", 7, 2), answer);
        assertEquals("big", router.chats().get(0).model());
        assertEquals(List.of(new ChatMessage("user", "What is six times seven?")), router.chats().get(0).messages());
        assertEquals(16, router.chats().get(0).maxTokens());
    }

    @Test
    void withoutMaxTokensTheConfiguredLimitApplies() {
        resource(Map.of("maxTokens", 32)).ask("default", new Question("hi", null)).toCompletableFuture().join();

        assertEquals(32, router.chats().get(0).maxTokens());
    }

    @Test
    void badQuestionsAreRefusedBeforeTheRouterIsAsked() {
        ModelsResource strict = resource(Map.of("maxQuestionChars", 10, "maxTokens", 8));
        for (Question bad : new Question[] {null, new Question(null, 1), new Question("  ", 1),
            new Question("far too long a question", 1), new Question("hi", 0), new Question("hi", 9)}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> strict.ask("big", bad), String.valueOf(bad));
            assertNotNull(refused.getMessage());
        }
        assertTrue(router.chats().isEmpty());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> strict.ask("big", new Question("hi", 9)))
                .getMessage().contains("between 1 and 8"));
    }

    @Test
    void aRouterFailureReachesThePlatformAsTheModelException() {
        ModelsResource failing = new ModelsResource(new FakeModelRouter(
                request -> CompletableFuture.failedFuture(new ModelException(Reason.MODEL_NOT_FOUND, "no such model"))),
                Configs.of(ModelsResource.Config.class, Map.of()));

        CompletionException failure = assertThrows(CompletionException.class,
                () -> failing.ask("nope", new Question("hi", null)).toCompletableFuture().join());
        assertEquals(Reason.MODEL_NOT_FOUND, assertInstanceOf(ModelException.class, failure.getCause()).reason());
    }

    @Test
    void refusesAnInvalidConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> resource(Map.of("maxTokens", 0)));
        assertThrows(IllegalArgumentException.class, () -> resource(Map.of("maxQuestionChars", 0)));
    }

    @Test
    void joinsThePlatformsApiWithItsSecurity() throws NoSuchMethodException {
        assertTrue(ModelsResource.class.getAnnotation(Path.class).value().startsWith(RestApi.BASE_PATH + "/"));
        // the extension select (JSON provider, security filter) is a build-time property, in OSGI-INF of the jar

        Method list = ModelsResource.class.getMethod("models");
        assertEquals(Role.READER, list.getAnnotation(RequiresRole.class).value());
        Method ask = ModelsResource.class.getMethod("ask", String.class, Question.class);
        assertEquals(Role.OPERATOR, ask.getAnnotation(RequiresRole.class).value());
        // asking changes nothing on the node: audited only when refused, as the platform's chat
        assertNotNull(ask.getAnnotation(ReadOnly.class));
        assertNull(list.getAnnotation(ReadOnly.class));
    }
}
