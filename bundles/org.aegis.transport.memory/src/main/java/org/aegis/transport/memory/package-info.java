/**
 * An in-JVM transport on a seeded, virtually timed network with fault injection, for tests and large
 * simulations. {@link org.aegis.transport.memory.VirtualTime} is the clock and the only scheduler;
 * {@link org.aegis.transport.memory.MemoryNetwork} holds the peers, the link model and the faults;
 * {@link org.aegis.transport.memory.MemoryTransport} is one node's {@link org.aegis.api.transport.Transport}.
 *
 * <p>A simulation, all on one thread:
 * <pre>{@code
 * VirtualTime time = new VirtualTime();
 * MemoryNetwork network = new MemoryNetwork(seed, time);
 * network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(5)).withJitter(Duration.ofMillis(2)));
 * for (String id : ids) {
 *     ScheduledExecutorService timers = time.newExecutor();     // shutdownNow() it when the node crashes
 *     replicas.add(new Replica(network.transport(id), timers, time.clock()));
 * }
 * network.connectAll();
 * network.partition(Set.of("r0", "r1"), Set.of("r2", "r3"));  // faults at any point, or from a scheduled task
 * boolean decided = time.runUntil(() -> replicas.stream().allMatch(Replica::decided), Duration.ofSeconds(30));
 * }</pre>
 * The same seed and the same simulation code replay the same run; a failing seed is reproduced by rerunning it.
 */
@Export
@Version("1.0.0")
package org.aegis.transport.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
