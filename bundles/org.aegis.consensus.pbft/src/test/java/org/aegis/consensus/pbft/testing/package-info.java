/**
 * Byzantine test support that the integration tests share through this bundle's test-jar, which holds this package
 * only: an {@link org.aegis.consensus.pbft.testing.OutboundFilter} on the frames a replica sends, and the
 * {@link org.aegis.consensus.pbft.testing.Equivocator}, a filter that makes a replica sign conflicting messages as a
 * {@link org.aegis.consensus.pbft.testing.ByzantineBehaviour} says. Replicas have no test hooks: the tests' networks
 * apply these to the frames on the wire.
 */
package org.aegis.consensus.pbft.testing;
