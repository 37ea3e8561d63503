package org.aegis.api.node;

import java.time.Duration;
import java.time.Instant;

/**
 * What a node is.
 *
 * @param peerId     the node's libp2p peer id ({@code 12D3KooW…})
 * @param version    the AEGIS version the node runs
 * @param startedAt  when the node runtime started
 * @param uptime     time since {@code startedAt}
 * @param dataFolder where the node keeps its persistent state
 */
public record NodeStatus(String peerId, String version, Instant startedAt, Duration uptime, String dataFolder) {
}
