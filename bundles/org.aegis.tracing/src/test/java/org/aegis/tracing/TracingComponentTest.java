package org.aegis.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.aegis.testing.Configs;
import org.aegis.testing.FakeBundleContext;
import org.aegis.testing.FakeNodeIdentity;
import org.junit.jupiter.api.Test;

class TracingComponentTest {
    /** The threads an enabled component may start: the processor's, the export pool's, the JDK HttpClient's. */
    private static final List<String> COMPONENT_THREADS = List.of("BatchSpanProcessor", OtlpPipeline.EXPORT_THREAD,
            "HttpClient-", "jdkhttp");

    private final FakeBundleContext context = new FakeBundleContext();

    @Test
    void enabledItExportsTheSpansEndedBeforeDeactivateAndLeavesNoThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            runEnabledNode(receiver);
            assertTrue(receiver.exports() >= 1, "exports received: " + receiver.exports());
            assertEquals(0, receiver.others());
            assertEquals("k3y", receiver.lastApiKey());
        }
        // the threads the pipeline owns are stopped by deactivate itself
        Set<Thread> owned = componentThreadsStartedSince(before).stream().filter(t -> t.getName()
                .startsWith("BatchSpanProcessor") || t.getName().startsWith(OtlpPipeline.EXPORT_THREAD))
                .collect(Collectors.toSet());
        for (Thread thread : owned) {
            thread.join(2_000);
        }
        assertTrue(owned.stream().noneMatch(Thread::isAlive), () -> "still running: " + describe(owned));
        // On Java 17 the JDK HttpClient's selector thread ends once the client is collected (Java 21: closed)
        assertTrue(eventually(() -> {
            System.gc();
            return componentThreadsStartedSince(before).isEmpty();
        }, 20_000), () -> "threads left: " + describe(componentThreadsStartedSince(before)));
    }

    /** Kept apart so that nothing of the component stays reachable from the test once it returns. */
    private void runEnabledNode(OtlpReceiver receiver) {
        TracingComponent component = new TracingComponent(config(Map.of("enabled", true,
                "endpoint", receiver.endpoint(), "exportDelayMs", 60_000L, "headers", "x-api-key=k3y", "sampleRatio", 1.0)),
                new FakeNodeIdentity("12D3KooWTest"), context.context(), "1.2.3");
        FakeBundleContext.Registered registered = context.registered().get(0);
        assertEquals(Map.of(TracingComponent.ENABLED, true), registered.properties());
        Tracing tracing = (Tracing) registered.service();

        TraceSpan span = tracing.start("GET /api/v1/node", SpanKind.SERVER, null);
        assertTrue(span.recording());
        assertNotNull(span.traceparent());
        span.end();
        assertTrue(componentThreadsStartedSince(Set.of()).stream().anyMatch(t -> t.getName()
                .startsWith("BatchSpanProcessor")), "the processor's worker runs");

        // the delay is a minute: only deactivate's flush can have sent it
        component.deactivate();
        assertEquals(List.of(), context.registered());
    }

    @Test
    void disabledItIsTracingDisabledAndStartsNoThread() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        TracingComponent component = new TracingComponent(config(Map.of()), new FakeNodeIdentity("12D3KooWTest"),
                context.context(), "1.2.3");
        FakeBundleContext.Registered registered = context.registered().get(0);
        assertEquals(Map.of(TracingComponent.ENABLED, false), registered.properties());
        Tracing tracing = (Tracing) registered.service();
        assertSame(Tracing.DISABLED, tracing);
        assertSame(TraceSpan.NONE, tracing.start("x", SpanKind.SERVER, null));
        assertNull(tracing.current());
        assertEquals(Set.of(), Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(Thread::isAlive).map(Thread::getName).filter(TracingComponentTest::isComponentThread)
                .collect(Collectors.toSet()));
        component.deactivate();
        assertEquals(List.of(), context.registered());
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheSettingAndRegistersNothing() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TracingComponent(config(Map.of("enabled", true, "endpoint", "collector:4318")),
                        new FakeNodeIdentity("12D3KooWTest"), context.context(), "1.2.3"));
        assertTrue(refused.getMessage().contains("endpoint 'collector:4318'"), refused.getMessage());
        assertEquals(List.of(), context.registered());
    }

    @Test
    void theResourceNamesTheServiceAndThisNode() {
        TracingSettings settings = TracingSettings.from(config(Map.of("serviceName", "aegis-eu")));
        Map<String, Object> attributes = TracingComponent.resource(settings, new FakeNodeIdentity("12D3KooWTest"),
                "1.2.3").getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().getKey(), Map.Entry::getValue));
        assertEquals("aegis-eu", attributes.get("service.name"));
        assertEquals("1.2.3", attributes.get("service.version"));
        assertEquals("12D3KooWTest", attributes.get("service.instance.id"));
    }

    private static TracingConfig config(Map<String, Object> properties) {
        return Configs.of(TracingConfig.class, properties);
    }

    private static Set<Thread> componentThreadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(Thread::isAlive).filter(t -> isComponentThread(t.getName())).collect(Collectors.toSet());
    }

    private static String describe(Set<Thread> threads) {
        return threads.stream().map(t -> t.getName() + " " + List.of(t.getStackTrace()))
                .collect(Collectors.joining("\n"));
    }

    private static boolean isComponentThread(String name) {
        return COMPONENT_THREADS.stream().anyMatch(name::startsWith);
    }

    private static boolean eventually(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }
}
