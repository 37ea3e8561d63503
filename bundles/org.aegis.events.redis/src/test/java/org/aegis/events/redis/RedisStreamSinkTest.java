package org.aegis.events.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aegis.api.events.EventSink;
import org.junit.jupiter.api.Test;
import org.aegis.testing.FakeBundleContext;

/** The DS component: one EventSink service per configuration under its name; invalid ones refused and logged. */
class RedisStreamSinkTest {
    private final FakeBundleContext bundle = new FakeBundleContext();

    private RedisStreamSink activate(Map<String, Object> properties) {
        return new RedisStreamSink(SinkSettingsTest.config(properties), bundle.context());
    }

    @Test
    void registersItselfUnderItsNameWithItsTypes() {
        RedisStreamSink sink = activate(Map.of("name", "alerts", "types", new String[] {"aegis/alert/*,x"},
                "password", "s3cret"));
        try {
            assertEquals(1, bundle.registered().size());
            FakeBundleContext.Registered registered = bundle.registered().get(0);
            assertSame(sink, registered.service());
            assertEquals(Set.of(EventSink.NAME, EventSink.TYPES), registered.properties().keySet());
            assertEquals("alerts", registered.properties().get("aegis.events.sink"));
            assertArrayEquals(new String[] {"aegis/alert/*", "x"},
                    (String[]) registered.properties().get("aegis.events.types"));
        } finally {
            sink.deactivate();
        }
        assertEquals(List.of(), bundle.registered());
        assertEquals(Set.of(), RealRedisTest.threads(), "no thread before the first delivery, none after");
    }

    @Test
    void withoutTypesItTakesEveryEvent() {
        RedisStreamSink sink = activate(Map.of());
        try {
            assertEquals(Map.of(EventSink.NAME, "audit"), bundle.registered().get(0).properties());
        } finally {
            sink.deactivate();
        }
    }

    @Test
    void anInvalidConfigurationIsLoggedWithItsSettingAndRegistersNothing() {
        String log = capturedLog(() -> assertThrows(IllegalArgumentException.class,
                () -> activate(Map.of("port", 70000, "password", "s3cret"))));
        assertTrue(log.contains("ERROR org.aegis.events.redis.RedisStreamSink - Invalid org.aegis.events.redis"
                + " configuration: port 70000 is out of range; allowed are 1 to 65535; no Redis event sink is"
                + " started"), log);
        assertFalse(log.contains("s3cret"), log);
        assertThrows(IllegalArgumentException.class, () -> activate(Map.of("name", "no/slash")));
        assertEquals(List.of(), bundle.registered());
    }

    @Test
    void aNameAnotherSinkHasIsRefused() {
        RedisStreamSink first = activate(Map.of());
        try {
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> activate(Map.of("stream", "other")));
            assertEquals("Invalid org.aegis.events.redis configuration: name 'audit' is already taken by another"
                    + " event sink", taken.getMessage());
            assertEquals(1, bundle.registered().size());
        } finally {
            first.deactivate();
        }
    }

    /** What slf4j-simple writes (to System.err) while the action runs. */
    private static String capturedLog(Runnable action) {
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
