/**
 * gossipsub v1.1 ({@code /meshsub/1.1.0}) as pure protocol logic: the mesh, gossip, peer scoring and message
 * signing of the libp2p pubsub specs, fed with de-framed RPCs by the connection stack through {@link
 * org.aegis.transport.libp2p.pubsub.GossipRouter} and answering through each peer's {@link
 * org.aegis.transport.libp2p.pubsub.RpcSender}. Private to the bundle.
 */
package org.aegis.transport.libp2p.pubsub;
