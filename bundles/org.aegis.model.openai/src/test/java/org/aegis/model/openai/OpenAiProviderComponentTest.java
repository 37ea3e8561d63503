package org.aegis.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.aegis.testing.FakeBundleContext;

/** The DS component: one registered provider per configuration, invalid ones refused, the key never logged. */
class OpenAiProviderComponentTest {
    private static final String KEY = "sk-live-abcdef0123456789";

    private FakeOpenAiServer server;
    private final FakeBundleContext bundle = new FakeBundleContext();
    private final List<OpenAiProviderComponent> components = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        components.forEach(OpenAiProviderComponent::deactivate);
        server.close();
    }

    private OpenAiProviderComponent activate(String pid, Map<String, Object> config) {
        Map<String, Object> properties = new HashMap<>(config);
        properties.putIfAbsent("baseUrl", server.baseUrl());
        properties.put("service.pid", pid);
        properties.put("service.factoryPid", OpenAiConfig.FACTORY_PID);
        OpenAiProviderComponent component = new OpenAiProviderComponent(TestConfig.with(properties), properties,
                bundle.context());
        components.add(component);
        return component;
    }

    @Test
    void registersOneProviderPerConfigurationAndUnregistersIt() throws Exception {
        OpenAiProviderComponent ollama = activate("org.aegis.model.openai~ollama", Map.of("models",
                new String[] {"m"}));
        activate("org.aegis.model.openai~vllm", Map.of("providerId", "gpu-box", "models", new String[] {"qwen"}));
        assertEquals(2, bundle.registered().size());
        FakeBundleContext.Registered first = bundle.registered().get(0);
        assertEquals(Map.of("aegis.model.provider", "openai", "aegis.model.provider.id", "ollama",
                "aegis.model.provider.url", server.baseUrl()), first.properties());
        ModelProvider provider = (ModelProvider) first.service();
        assertEquals("ollama", provider.id());
        assertEquals("m", provider.models().get(0).id());
        assertEquals("gpu-box", ((ModelProvider) bundle.registered().get(1).service()).id());

        components.remove(ollama);
        ollama.deactivate();
        assertEquals(1, bundle.registered().size());
        try {
            provider.chat(OpenAiModelProviderTest.HELLO).toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("a stopped provider answered");
        } catch (ExecutionException e) {
            assertEquals("ollama: the provider has stopped", e.getCause().getMessage());
        }
        assertEquals(List.of(), ProviderLifecycleTest.threads(ProviderThreads.PREFIX + "ollama").stream().toList());
    }

    @Test
    void invalidConfigurationsAndTakenIdsAreRefused() {
        IllegalArgumentException badUrl = assertThrows(IllegalArgumentException.class,
                () -> activate("org.aegis.model.openai~bad", Map.of("baseUrl", "localhost:11434")));
        assertTrue(badUrl.getMessage().contains("baseUrl 'localhost:11434' is not valid"), badUrl.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> activate("org.aegis.model.openai~slow", Map.of("requestTimeoutMs", -1L)));
        activate("org.aegis.model.openai~one", Map.of());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> activate("org.aegis.model.openai~two", Map.of("providerId", "one")));
        assertEquals("Invalid org.aegis.model.openai configuration: providerId 'one' is already taken by another"
                + " model provider", taken.getMessage());
        assertEquals(1, bundle.registered().size());
        assertEquals(List.of(), ProviderLifecycleTest.threads(ProviderThreads.PREFIX).stream()
                .filter(name -> !name.startsWith(ProviderThreads.PREFIX + "one-")).toList(),
                "only the running provider has threads");
    }

    @Test
    void theKeyIsNeverLoggedNorShown() throws Exception {
        server.on("/models", FakeOpenAiServer.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY + "\"}}"));
        server.on("/chat/completions", FakeOpenAiServer.json(500, "{\"error\":{\"message\":\"key " + KEY
                + " broke me\"}}"));
        String log = capturedLog(() -> {
            activate("org.aegis.model.openai~test", Map.of("apiKey", KEY, "models", new String[0]));
            Await.until(() -> server.received("/models").size() == 1, Duration.ofSeconds(5), () -> "no discovery");
            ModelProvider provider = (ModelProvider) bundle.registered().get(0).service();
            try {
                provider.chat(OpenAiModelProviderTest.HELLO).toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertEquals("test: key **** broke me (HTTP 500 on POST /chat/completions)",
                        e.getCause().getMessage());
                assertFalse(((ModelException) e.getCause()).toString().contains(KEY));
            }
            assertFalse(provider.toString().contains(KEY), provider.toString());
            assertThrows(IllegalArgumentException.class, () -> activate("org.aegis.model.openai~bad",
                    Map.of("apiKey", KEY, "baseUrl", "ftp://host")));
            TimeUnit.MILLISECONDS.sleep(200);
            components.forEach(OpenAiProviderComponent::deactivate);
            components.clear();
        });
        assertEquals("Bearer " + KEY, server.received("/models").get(0).authorization());
        // the log was captured: the lines this test causes are there, without the key
        assertTrue(log.contains("Model provider test started: ProviderSettings[id=test"), log);
        assertTrue(log.contains("apiKey=****"), log);
        assertTrue(log.contains("Model discovery of test failed, keeping 0 models: test: Incorrect API key provided:"
                + " **** (HTTP 401 on GET /models)"), log);
        assertTrue(log.contains("baseUrl 'ftp://host' is not valid"), log);
        assertTrue(log.contains("Model provider test stopped"), log);
        assertFalse(log.contains(KEY), log);
        assertFalse(log.contains("sk-live"), log);
    }

    interface Action {
        void run() throws Exception;
    }

    /** What slf4j-simple writes (to System.err) while the action runs. */
    private static String capturedLog(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }
}
