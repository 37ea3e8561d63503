package org.aegis.node;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners on one thread, in publication order. The queue is bounded so a slow listener
 * costs dropped events (counted), never memory or a blocked publisher.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Map<NodeEventListener, TopicFilter> listeners = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    /** The delivery thread, once started: close() waits for it to end, not only for the executor to terminate. */
    private final AtomicReference<Thread> deliveryThread = new AtomicReference<>();

    EventBus(int capacity) {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                task -> {
                    Thread thread = new Thread(task, "aegis-node-events");
                    thread.setDaemon(true);
                    deliveryThread.set(thread);
                    return thread;
                }, (task, pool) -> {
                    throw new RejectedExecutionException("event queue full");
                });
    }

    void addListener(NodeEventListener listener, TopicFilter filter) {
        listeners.put(listener, filter);
    }

    void removeListener(NodeEventListener listener) {
        listeners.remove(listener);
    }

    void publish(NodeEvent event) {
        try {
            executor.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                LOG.warn("Event queue full or closed, dropping {} ({} dropped so far)", event.topic(), dropped.get());
            }
        }
    }

    private void deliver(NodeEvent event) {
        listeners.forEach((listener, filter) -> {
            if (filter.matches(event.topic())) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    listenerFailures.incrementAndGet();
                    LOG.warn("Event listener {} failed on {}", listener, event.topic(), e);
                }
            }
        });
    }

    long dropped() {
        return dropped.get();
    }

    long listenerFailures() {
        return listenerFailures.get();
    }

    /**
     * Delivers what is queued (for a few seconds at most), then stops the delivery thread and waits for it to end:
     * an executor counts as terminated a moment before its last thread has died.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
            Thread thread = deliveryThread.get();
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
