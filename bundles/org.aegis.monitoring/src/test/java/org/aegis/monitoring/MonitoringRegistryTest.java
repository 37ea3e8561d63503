package org.aegis.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.router.ProviderStatus.Circuit;
import org.aegis.testing.FakeConsensusEngine;
import org.aegis.testing.FakeModelRouter;
import org.junit.jupiter.api.Test;

/** What /metrics shows of the services the collectors read, and that a collector's metrics leave with it. */
class MonitoringRegistryTest {
    private final MonitoringRegistry registry = new MonitoringRegistry();

    private String exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void consensusDecisionsAndVoteWeightsUntilTheEngineLeaves() throws IOException {
        FakeConsensusEngine engine = new FakeConsensusEngine(List.of("peer-a", "peer-b"));
        engine.propose(new Proposal("p1", "note", new byte[0], "peer-a"));
        engine.propose(new Proposal("p2", "note", new byte[0], "peer-a"));
        ConsensusCollector collector = new ConsensusCollector(registry, engine);

        String text = exposition();
        assertTrue(text.contains("# TYPE aegis_consensus_decisions_total counter\n"), text);
        assertTrue(text.contains("\naegis_consensus_decisions_total 2.0\n"), text);
        assertTrue(text.contains("\naegis_consensus_vote_weight{peer=\"peer-b\"} 1.0\n"), text);
        assertTrue(text.contains("\naegis_consensus_validators 2.0\n"), text);
        assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\"}"), "the JVM's metrics too: " + text);

        collector.deactivate();
        assertFalse(exposition().contains("aegis_consensus_"));
    }

    @Test
    void everyCircuitStateOfEveryProviderIsAGaugeOfZeroOrOne() throws IOException {
        FakeModelRouter router = new FakeModelRouter(request -> null).withProviders(List.of(
                FakeModelRouter.provider("local", Circuit.CLOSED, "m"),
                FakeModelRouter.provider("remote", Circuit.OPEN, "m")));
        new ModelRouterCollector(registry, router);

        String text = exposition();
        assertTrue(text.contains("\naegis_model_circuit_state{provider=\"remote\",state=\"open\"} 1.0\n"), text);
        assertTrue(text.contains("\naegis_model_circuit_state{provider=\"remote\",state=\"closed\"} 0.0\n"), text);
        assertTrue(text.contains("\naegis_model_circuit_state{provider=\"local\",state=\"closed\"} 1.0\n"), text);
        assertTrue(text.contains("\naegis_model_providers 2.0\n"), text);
    }

    @Test
    void routesAreTemplatesWithSingleSlashes() throws NoSuchMethodException {
        assertEquals("/api/v1/tokens/{id}", RequestMetricsFilter.template(Resource.class,
                Resource.class.getMethod("one", String.class)));
        assertEquals("/api/v1/tokens", RequestMetricsFilter.template(Resource.class, Resource.class.getMethod("all")));
        assertEquals("/", RequestMetricsFilter.template(null, Resource.class.getMethod("all")));
    }

    @javax.ws.rs.Path("/api/v1/tokens/")
    public static class Resource {
        @javax.ws.rs.Path("/{id}")
        public String one(String id) {
            return id;
        }

        public String all() {
            return "";
        }
    }
}
