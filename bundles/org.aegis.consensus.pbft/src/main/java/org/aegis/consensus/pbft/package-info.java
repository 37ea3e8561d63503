/**
 * Weighted PBFT: the {@link org.aegis.consensus.pbft.Replica} that simulations construct directly with a virtual-time
 * executor, its {@link org.aegis.consensus.pbft.PbftConfig}, the {@link org.aegis.consensus.pbft.DropReason} counters,
 * the {@link org.aegis.consensus.pbft.OutboundFilter} hook for fault injection and the
 * {@link org.aegis.consensus.pbft.ByzantineBehaviour} hook for simulated Byzantine replicas.
 */
@Export
@Version("1.2.0")
package org.aegis.consensus.pbft;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
