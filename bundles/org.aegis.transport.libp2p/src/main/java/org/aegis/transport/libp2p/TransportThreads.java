package org.aegis.transport.libp2p;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Names and remembers every thread the transport starts ({@value Libp2pTransport#THREAD_PREFIX}-…), so that stopping
 * can wait until they have really exited: an executor's termination is signalled before its threads are gone.
 */
final class TransportThreads {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Daemon threads named {@code aegis-libp2p-<purpose>-<pool>-<n>}; Netty's fast thread-locals included. */
    ThreadFactory factory(String purpose) {
        ThreadFactory names = new DefaultThreadFactory(Libp2pTransport.THREAD_PREFIX + "-" + purpose, true);
        return task -> {
            Thread thread = names.newThread(task);
            threads.add(thread);
            return thread;
        };
    }

    /** Waits up to {@code timeoutMillis} in all for every thread to exit; returns the names of those still alive. */
    List<String> join(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
