package org.aegis.events.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.events.EventSink;
import org.aegis.api.events.OutboundEvent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link EventSink} per factory configuration of {@value RedisSinkConfig#FACTORY_PID}: appends each event to a
 * Redis stream with XADD, the whole batch pipelined on one connection, and returns once Redis has acknowledged every
 * entry. The connection is made on the first delivery and made again after any failure, so a Redis restart or a
 * broken connection costs one failed batch, which the node offers again.
 *
 * <p>It registers the service itself, with {@value EventSink#NAME}=&lt;name&gt; and, when configured,
 * {@value EventSink#TYPES}: DS would publish the configuration's own keys ({@code name}, {@code password}, …)
 * instead. An invalid configuration, or a name another sink already has, is logged and no service appears.
 */
@Component(name = RedisSinkConfig.FACTORY_PID, configurationPid = RedisSinkConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RedisSinkConfig.class, factory = true)
public final class RedisStreamSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamSink.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final SinkSettings settings;
    private final SinkEventLoop eventLoop;
    private final ServiceRegistration<EventSink> registration;
    /** Made by the delivery thread when missing or broken; closed with the event loop. */
    private volatile RedisConnection connection;

    /**
     * @throws IllegalArgumentException for an invalid configuration or a taken name (logged here, and by SCR)
     */
    @Activate
    public RedisStreamSink(RedisSinkConfig config, BundleContext context) {
        this.settings = validated(config, context);
        this.eventLoop = new SinkEventLoop(settings.name());
        try {
            this.registration = context.registerService(EventSink.class, this, serviceProperties(settings));
        } catch (RuntimeException e) {
            eventLoop.shutdown(SHUTDOWN_WAIT);
            throw e;
        }
        LOG.info("Redis event sink {} started: {}", settings.name(), settings);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework has unregistered it
        }
        if (!eventLoop.shutdown(SHUTDOWN_WAIT)) {
            LOG.warn("The I/O thread of Redis event sink {} did not stop within {} ms", settings.name(),
                    SHUTDOWN_WAIT.toMillis());
        }
        LOG.info("Redis event sink {} stopped", settings.name());
    }

    /**
     * Appends the events to the stream, in order, and waits (at most the configured timeout) until Redis has
     * acknowledged each one.
     *
     * @throws IOException          when Redis cannot be reached, refuses an entry or does not answer in time; the
     *                              connection is closed, and the next call makes a new one
     * @throws InterruptedException when the delivery thread is interrupted (the sink is stopping)
     */
    @Override
    public void deliver(List<OutboundEvent> events) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            RedisConnection redis = connected(deadline);
            List<List<String>> commands = new ArrayList<>(events.size());
            for (OutboundEvent event : events) {
                commands.add(StreamEntries.xadd(settings.stream(), settings.maxLength(), event));
            }
            List<CompletableFuture<Object>> replies = redis.send(commands);
            for (int i = 0; i < replies.size(); i++) {
                await(replies.get(i), deadline, "XADD of event " + events.get(i).id());
            }
        } catch (IOException failure) {
            disconnect();
            throw new IOException("Redis event sink " + settings.name() + " could not deliver " + events.size()
                    + " event(s) to " + settings.target() + ": " + failure.getMessage(), failure);
        } catch (InterruptedException stopping) {
            disconnect();
            throw stopping;
        }
    }

    @Override
    public String toString() {
        return "RedisStreamSink[" + settings.name() + " to " + settings.target() + "]";
    }

    /** The open connection, or a new one, authenticated and on the configured database. */
    private RedisConnection connected(long deadline) throws IOException, InterruptedException {
        RedisConnection current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        // resolved here, on the delivery thread: Netty would resolve a host name on its event loop
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve host " + settings.host());
        }
        RedisConnection fresh = RedisConnection.open(eventLoop.group(), address, remaining(deadline));
        connection = fresh;
        List<List<String>> handshake = new ArrayList<>();
        if (!settings.password().isEmpty()) {
            handshake.add(List.of("AUTH", settings.password()));
        }
        if (settings.database() != 0) {
            handshake.add(List.of("SELECT", Integer.toString(settings.database())));
        }
        List<CompletableFuture<Object>> replies = fresh.send(handshake);
        for (int i = 0; i < replies.size(); i++) {
            // never the password in a message
            await(replies.get(i), deadline, handshake.get(i).get(0));
        }
        return fresh;
    }

    private void await(CompletableFuture<Object> reply, long deadline, String command)
            throws IOException, InterruptedException {
        try {
            reply.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no reply to " + command + " within " + settings.timeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException((cause instanceof RedisErrorReply ? "Redis refused " + command + ": "
                    : command + " failed: ") + cause.getMessage(), cause);
        }
    }

    private void disconnect() {
        RedisConnection current = connection;
        if (current != null) {
            current.close();
            connection = null;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static SinkSettings validated(RedisSinkConfig config, BundleContext context) {
        try {
            SinkSettings settings = SinkSettings.from(config);
            checkUnique(settings.name(), context);
            return settings;
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no Redis event sink is started", e.getMessage());
            throw e;
        }
    }

    private static void checkUnique(String name, BundleContext context) {
        try {
            if (!context.getServiceReferences(EventSink.class, "(" + EventSink.NAME + "=" + name + ")").isEmpty()) {
                throw new IllegalArgumentException("Invalid " + RedisSinkConfig.FACTORY_PID + " configuration: name '"
                        + name + "' is already taken by another event sink");
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter for sink name " + name, e);
        }
    }

    static Dictionary<String, Object> serviceProperties(SinkSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventSink.NAME, settings.name());
        if (!settings.types().isEmpty()) {
            properties.put(EventSink.TYPES, settings.types().toArray(String[]::new));
        }
        return properties;
    }
}
