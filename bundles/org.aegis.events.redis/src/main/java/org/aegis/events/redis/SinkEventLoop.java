package org.aegis.events.redis;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one I/O thread of a sink, {@code aegis-redis-<name>-…}, started by Netty on the first connection. It remembers
 * its thread so that {@link #shutdown} can wait until the thread has really exited: Netty signals termination just
 * before its thread ends, and a stopped bundle must leave no thread behind.
 */
final class SinkEventLoop {
    static final String THREAD_PREFIX = "aegis-redis-";

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final NioEventLoopGroup group;

    SinkEventLoop(String sinkName) {
        ThreadFactory names = new DefaultThreadFactory(THREAD_PREFIX + sinkName, true);
        this.group = new NioEventLoopGroup(1, (ThreadFactory) task -> {
            Thread thread = names.newThread(task);
            threads.add(thread);
            return thread;
        });
    }

    EventLoopGroup group() {
        return group;
    }

    /**
     * Stops the loop at once, closing its connection, and waits up to {@code wait} for its thread to exit.
     *
     * @return whether the thread is gone (or never started)
     */
    boolean shutdown(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(wait.toMillis());
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
