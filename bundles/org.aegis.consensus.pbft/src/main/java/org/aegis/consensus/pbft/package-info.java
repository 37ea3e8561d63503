/**
 * Weighted PBFT: the {@link org.aegis.consensus.pbft.Replica} that simulations construct directly with a virtual-time
 * executor, its {@link org.aegis.consensus.pbft.PbftConfig}, the {@link org.aegis.consensus.pbft.DropReason} counters.
 * Its protocol roles are package-private; simulations inject faults on the network they give it, never inside it.
 */
@Export
@Version("2.0.0")
package org.aegis.consensus.pbft;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
