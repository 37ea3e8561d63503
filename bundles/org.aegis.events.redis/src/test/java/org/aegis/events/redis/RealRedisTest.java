package org.aegis.events.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.aegis.api.events.OutboundEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.aegis.testing.FakeBundleContext;

/** The sink against a real redis-server (apt-get install redis-server); never skipped. */
class RealRedisTest {
    @TempDir
    Path directory;

    private final FakeBundleContext bundle = new FakeBundleContext();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<RedisStreamSink> sinks = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        sinks.forEach(RedisStreamSink::deactivate);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private RedisServerProcess redis(String... options) throws Exception {
        RedisServerProcess server = new RedisServerProcess(directory, options);
        toClose.add(server);
        return server;
    }

    private RedisReader reader(RedisServerProcess server, String... setup) throws Exception {
        RedisReader reader = new RedisReader(server.port(), setup);
        toClose.add(0, reader);
        return reader;
    }

    private RedisStreamSink sink(RedisServerProcess server, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("port", server.port());
        all.putIfAbsent("timeoutMs", 5_000L);
        RedisStreamSink sink = new RedisStreamSink(SinkSettingsTest.config(all), bundle.context());
        sinks.add(sink);
        return sink;
    }

    private static void assertEntries(List<OutboundEvent> expected, List<RedisReader.Entry> entries) {
        assertEquals(expected.size(), entries.size());
        for (int i = 0; i < expected.size(); i++) {
            OutboundEvent event = expected.get(i);
            assertEquals(List.of("id", "type", "time", "data"), List.copyOf(entries.get(i).fields().keySet()));
            assertEquals(Map.of("id", event.id(), "type", event.type(), "time", event.time().toString(),
                    "data", event.json()), entries.get(i).fields());
        }
    }

    @Test
    void eventsArriveInOrderWithAllTheirFields() throws Exception {
        RedisServerProcess server = redis();
        RedisStreamSink sink = sink(server, Map.of());
        sink.deliver(Events.events(1, 3));
        sink.deliver(Events.events(4, 5));
        assertEntries(Events.events(1, 5), reader(server).entries("aegis:events"));
    }

    @Test
    void authenticatesAndSelectsTheDatabase() throws Exception {
        RedisServerProcess server = redis("--requirepass", "s3cret");
        sink(server, Map.of("password", "s3cret", "database", 3, "stream", "audit")).deliver(Events.events(1, 2));
        RedisReader reader = reader(server, "AUTH", "s3cret", "SELECT", "3");
        assertEntries(Events.events(1, 2), reader.entries("audit"));
        reader.call("SELECT", "0");
        assertEquals(0L, reader.call("XLEN", "audit"), "nothing in database 0");

        IOException refused = assertThrows(IOException.class,
                () -> sink(server, Map.of("name", "wrong", "password", "guess")).deliver(Events.events(3, 3)));
        assertTrue(refused.getMessage().startsWith("Redis event sink wrong could not deliver 1 event(s) to 127.0.0.1:"
                + server.port() + "/0 stream aegis:events: Redis refused AUTH: WRONGPASS"), refused.getMessage());
        assertFalse(refused.getMessage().contains("guess"), refused.getMessage());
    }

    @Test
    void aBatchWhileRedisIsDownFailsAndTheNextOneAfterItIsBackSucceeds() throws Exception {
        RedisServerProcess server = redis();
        RedisStreamSink sink = sink(server, Map.of());
        sink.deliver(Events.events(1, 2));

        server.stop();
        IOException broken = assertThrows(IOException.class, () -> sink.deliver(Events.events(3, 4)));
        assertTrue(broken.getMessage().startsWith("Redis event sink audit could not deliver 2 event(s)"),
                broken.getMessage());
        IOException refused = assertThrows(IOException.class, () -> sink.deliver(Events.events(3, 4)));
        assertTrue(refused.getMessage().contains("cannot connect to"), refused.getMessage());

        server.start();
        sink.deliver(Events.events(3, 4));
        // the restarted server kept nothing (--save ''): only what came after it is there
        assertEntries(Events.events(3, 4), reader(server).entries("aegis:events"));
    }

    @Test
    void anErrorReplyFailsTheBatchAndTheSinkRecovers() throws Exception {
        RedisServerProcess server = redis();
        RedisReader reader = reader(server);
        reader.call("SET", "aegis:events", "not a stream");
        RedisStreamSink sink = sink(server, Map.of());

        IOException wrongType = assertThrows(IOException.class, () -> sink.deliver(Events.events(1, 2)));
        assertTrue(wrongType.getMessage().endsWith(": Redis refused XADD of event 12D3KooWtest/1: WRONGTYPE"
                + " Operation against a key holding the wrong kind of value"), wrongType.getMessage());

        reader.call("DEL", "aegis:events");
        sink.deliver(Events.events(1, 2));
        assertEntries(Events.events(1, 2), reader.entries("aegis:events"));
    }

    @Test
    void theStreamIsTrimmedToAboutItsMaxLength() throws Exception {
        RedisServerProcess server = redis();
        sink(server, Map.of("maxLength", 10L)).deliver(Events.events(1, 1000));
        long length = (Long) reader(server).call("XLEN", "aegis:events");
        // MAXLEN ~ trims whole nodes of up to 100 entries: about 10, never all 1000
        assertTrue(length >= 10 && length <= 200, "length " + length);
    }

    @Test
    void deactivateLeavesNoThread() throws Exception {
        RedisServerProcess server = redis();
        RedisStreamSink sink = sink(server, Map.of("name", "threads"));
        sink.deliver(Events.events(1, 1));
        assertEquals(1, threads().size(), "the sink's one I/O thread: " + threads());

        sinks.remove(sink);
        sink.deactivate();
        assertEquals(Set.of(), threads());
        assertEquals(List.of(), bundle.registered());
    }

    static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(SinkEventLoop.THREAD_PREFIX)).collect(Collectors.toSet());
    }
}
