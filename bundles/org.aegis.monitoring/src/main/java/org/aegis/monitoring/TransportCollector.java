package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Transport;
import org.aegis.api.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The transport's peers, while a transport runs: how many are connected and the last round trip to each. */
@Component(service = {})
public final class TransportCollector {
    private final Transport transport;
    private final Registration registration;

    @Activate
    public TransportCollector(@Reference MonitoringRegistry registry, @Reference Transport transport) {
        this.transport = transport;
        this.registration = registry.register(this::collect);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    MetricSnapshots collect() {
        List<PeerInfo> peers = transport.peers();
        Map<Labels, Double> latency = new LinkedHashMap<>();
        for (PeerInfo peer : peers) {
            if (peer.latency() != null) {
                latency.put(Labels.of("peer", peer.peerId()), peer.latency().toNanos() / 1e9);
            }
        }
        return new Families()
                .gauge("aegis_transport_peers", "Peers connected through the " + transport.name() + " transport",
                        peers.size())
                .gauge("aegis_transport_listen_addresses", "Addresses the transport listens on",
                        transport.listenAddresses().size())
                .gauge("aegis_transport_peer_latency_seconds", "Last measured round trip to each peer", latency)
                .build();
    }
}
