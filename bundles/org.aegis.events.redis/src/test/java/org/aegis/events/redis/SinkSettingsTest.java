package org.aegis.events.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {
    static RedisSinkConfig config(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("name", "audit");
        all.putAll(properties);
        return Configs.of(RedisSinkConfig.class, all);
    }

    private static String refused(Map<String, Object> properties) {
        return assertThrows(IllegalArgumentException.class, () -> SinkSettings.from(config(properties)))
                .getMessage();
    }

    @Test
    void defaults() {
        SinkSettings settings = SinkSettings.from(config(Map.of()));
        assertEquals(new SinkSettings("audit", "127.0.0.1", 6379, "", 0, "aegis:events", 1_000_000,
                Duration.ofSeconds(10), List.of()), settings);
        assertEquals("127.0.0.1:6379/0 stream aegis:events", settings.target());
    }

    @Test
    void typesFromACfgFileAreSplitAtCommas() {
        assertEquals(List.of("aegis/alert/*", "aegis/consensus/decided", "x"), SinkSettings.from(config(Map.of(
                "types", new String[] {" aegis/alert/*, aegis/consensus/decided ,", "x"}))).types());
    }

    @Test
    void eachInvalidSettingIsNamed() {
        String prefix = "Invalid org.aegis.events.redis configuration: ";
        assertEquals(prefix + "name 'a b' is not valid: 1 to 64 letters, digits, '.', '_' or '-'",
                refused(Map.of("name", "a b")));
        assertEquals(prefix + "name '' is not valid: 1 to 64 letters, digits, '.', '_' or '-'",
                refused(Map.of("name", "")));
        assertEquals(prefix + "name '" + "x".repeat(65) + "' is not valid: 1 to 64 letters, digits, '.', '_' or '-'",
                refused(Map.of("name", "x".repeat(65))));
        assertEquals(prefix + "port 0 is out of range; allowed are 1 to 65535", refused(Map.of("port", 0)));
        assertEquals(prefix + "port 65536 is out of range; allowed are 1 to 65535", refused(Map.of("port", 65536)));
        assertEquals(prefix + "database -1 is out of range; allowed are 0 to 2147483647",
                refused(Map.of("database", -1)));
        assertEquals(prefix + "maxLength 0 is out of range; allowed are 1 to 9223372036854775807",
                refused(Map.of("maxLength", 0L)));
        assertEquals(prefix + "timeoutMs 0 is out of range; allowed are 1 to 600000", refused(Map.of("timeoutMs", 0L)));
        assertEquals(prefix + "host is empty; give the Redis server's host name or IP address",
                refused(Map.of("host", " ")));
        assertEquals(prefix + "stream is empty; give the stream key, e.g. aegis:events", refused(Map.of("stream", "")));
    }

    @Test
    void thePasswordIsNeverShown() {
        SinkSettings settings = SinkSettings.from(config(Map.of("password", "s3cret-pass")));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertEquals("SinkSettings[name=audit, host=127.0.0.1, port=6379, password=****, database=0,"
                + " stream=aegis:events, maxLength=1000000, timeout=10000 ms, types=[]]", settings.toString());
    }
}
