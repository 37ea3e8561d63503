/**
 * Test kit for plugins and the platform's own unit tests, so a plugin is tested without a node: configurations as
 * DS builds them ({@link org.aegis.testing.Configs}), virtual time ({@link org.aegis.testing.MutableClock},
 * {@link org.aegis.testing.VirtualScheduler}), an in-memory {@link org.aegis.api.store.Store}
 * ({@link org.aegis.testing.InMemoryStore}), and fakes of the platform's services a plugin calls: the model router
 * ({@link org.aegis.testing.FakeModelRouter}), the node's identity ({@link org.aegis.testing.FakeNodeIdentity}) and a
 * consensus engine that decides at once ({@link org.aegis.testing.FakeConsensusEngine}); and
 * {@link org.aegis.testing.CollectedMetrics}, what a {@link org.aegis.api.telemetry.MetricSource} reports. For
 * transports and networks of nodes, the kit brings {@code org.aegis.transport.memory}: a seeded, virtually timed in-JVM network with fault injection.
 */
@Export
@Version("1.2.0")
package org.aegis.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
