package org.aegis.transport.libp2p.pubsub;

/**
 * Where a peer's score changes how the router treats it (gossipsub v1.1, "Score Thresholds"). Below 0 a peer is
 * pruned from meshes and never grafted.
 *
 * @param gossipThreshold             below it no gossip goes to the peer and its gossip is ignored (negative)
 * @param publishThreshold            below it our own messages are not flood-published to it (at most
 *                                    gossipThreshold)
 * @param graylistThreshold           below it every RPC of the peer is ignored (less than publishThreshold)
 * @param acceptPXThreshold           peer exchange is only taken from peers above it (non-negative)
 * @param opportunisticGraftThreshold a mesh whose median score is below it grafts better peers (non-negative)
 */
public record PeerScoreThresholds(double gossipThreshold, double publishThreshold, double graylistThreshold,
                                  double acceptPXThreshold, double opportunisticGraftThreshold) {

    /**
     * Defaults sized to {@link PeerScoreParams#defaults()}: for a peer with no credit, one invalid message (-10)
     * takes it out of every mesh, two (-40) stop gossip with it, three (-90) graylist it; peer exchange needs +10
     * (application score or sustained first deliveries); a mesh whose median is below +1 is improved
     * opportunistically.
     */
    public static PeerScoreThresholds defaults() {
        return new PeerScoreThresholds(-10, -50, -80, 10, 1);
    }

    public PeerScoreThresholds {
        Checks.require(gossipThreshold < 0, "gossipThreshold must be < 0, was " + gossipThreshold);
        Checks.require(publishThreshold <= gossipThreshold,
                "publishThreshold must be <= gossipThreshold, was " + publishThreshold);
        Checks.require(graylistThreshold < publishThreshold,
                "graylistThreshold must be < publishThreshold, was " + graylistThreshold);
        Checks.require(acceptPXThreshold >= 0, "acceptPXThreshold must be >= 0, was " + acceptPXThreshold);
        Checks.require(opportunisticGraftThreshold >= 0,
                "opportunisticGraftThreshold must be >= 0, was " + opportunisticGraftThreshold);
    }
}
