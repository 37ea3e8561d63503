package org.aegis.events.redis;

import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the tests read back from Redis, through the sink's own client on a loop of the test's. */
final class RedisReader implements AutoCloseable {
    /** A stream entry: its Redis id and its fields in order. */
    record Entry(String streamId, Map<String, String> fields) {
    }

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final RedisConnection redis;

    RedisReader(int port, String... setup) throws Exception {
        redis = RedisConnection.open(group, new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5));
        for (int i = 0; i < setup.length; i += 2) {
            call(setup[i], setup[i + 1]);
        }
    }

    Object call(String... command) throws Exception {
        return redis.send(List.of(List.of(command))).get(0).get(5, TimeUnit.SECONDS);
    }

    List<Entry> entries(String stream) throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (Object entry : (List<?>) call("XRANGE", stream, "-", "+")) {
            List<?> idAndFields = (List<?>) entry;
            List<?> flat = (List<?>) idAndFields.get(1);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < flat.size(); i += 2) {
                fields.put((String) flat.get(i), (String) flat.get(i + 1));
            }
            entries.add(new Entry((String) idAndFields.get(0), fields));
        }
        return entries;
    }

    @Override
    public void close() {
        redis.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
}
