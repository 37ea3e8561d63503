package org.aegis.model.orchestrator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One bulkhead per model: at most {@code maxConcurrent} requests to a model in flight, the rest refused at once
 * instead of queued. A new configuration starts new bulkheads; requests holding a permit of the old one return it
 * there.
 */
final class Bulkheads {
    /** A held permit; closing it twice returns it once. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private volatile Function<String, Integer> sizes;
    private volatile Map<String, Semaphore> semaphores = new ConcurrentHashMap<>();

    Bulkheads(Function<String, Integer> sizes) {
        this.sizes = sizes;
    }

    void resize(Function<String, Integer> newSizes) {
        sizes = newSizes;
        semaphores = new ConcurrentHashMap<>();
    }

    Optional<Permit> tryAcquire(String model) {
        Semaphore semaphore = semaphores.computeIfAbsent(model, m -> new Semaphore(sizes.apply(m)));
        if (!semaphore.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(new Permit() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    semaphore.release();
                }
            }
        });
    }
}
