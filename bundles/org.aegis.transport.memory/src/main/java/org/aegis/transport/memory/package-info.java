/**
 * An in-JVM transport on a seeded, virtually timed network with fault injection, for tests and large
 * simulations. {@link org.aegis.transport.memory.VirtualTime} is the clock and the only scheduler;
 * {@link org.aegis.transport.memory.MemoryNetwork} holds the peers, the link model and the faults;
 * {@link org.aegis.transport.memory.MemoryTransport} is one node's {@link org.aegis.api.transport.Transport}.
 */
@Export
@Version("1.0.0")
package org.aegis.transport.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
