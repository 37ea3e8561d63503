package org.aegis.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.metrics.Bipartition;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.WeightProvider;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.api.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The node's metrics now (the seed's paths): its own message, and the integration view with the network. */
@Component(service = MetricsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
    static final String NOT_READY = "no metrics yet: a node publishes them once its window holds 20 samples per "
            + "oscillator (13 s at the default 20 Hz)";

    /**
     * @param local       this node's message
     * @param mib         the minimum information bipartition of its window
     * @param phiReliable whether its window is long enough for Φ to be trusted
     * @param peers       the latest message of every peer heard within the staleness limit
     * @param weights     the vote weight each of these nodes would get from its consciousness level
     * @param totalWeight W, the sum of the weights
     * @param faultTolerance f = ⌊(n−1)/3⌋ nodes whose weight together stays below W/3
     */
    public record IntegrationView(MetricsMessage local, Bipartition mib, boolean phiReliable,
            List<MetricsMessage> peers, List<WeightView> weights, long totalWeight, int faultTolerance) {
    }

    public record WeightView(String nodeId, double consciousnessLevel, int weight) {
    }

    @Reference
    MetricsEngine metrics;

    @Reference
    WeightProvider weights;

    @GET
    public Response current() {
        return metrics.current()
                .map(report -> Response.ok(MetricsMessage.of(report)).build())
                .orElseGet(() -> ApiError.response(503, NOT_READY));
    }

    @GET
    @Path("integration")
    public Response integration() {
        var report = metrics.current();
        var analysis = metrics.currentAnalysis();
        if (report.isEmpty() || analysis.isEmpty()) {
            return ApiError.response(503, NOT_READY);
        }
        List<MetricsReport> peers = metrics.peers(); // one snapshot for the weights and the list
        List<MetricsReport> nodes = new ArrayList<>(peers);
        nodes.add(report.get());
        nodes.sort(Comparator.comparing(MetricsReport::nodeId));
        List<Integer> voteWeights = weights.weights(nodes.stream().map(r -> r.metrics().consciousnessLevel()).toList());
        List<WeightView> weightViews = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < nodes.size(); i++) {
            MetricsReport node = nodes.get(i);
            weightViews.add(new WeightView(node.nodeId(), node.metrics().consciousnessLevel(), voteWeights.get(i)));
            total += voteWeights.get(i);
        }
        WindowAnalysis window = analysis.get();
        return Response.ok(new IntegrationView(MetricsMessage.of(report.get()), window.mib(), window.phiReliable(),
                MetricsMessage.of(peers), weightViews, total, (nodes.size() - 1) / 3)).build();
    }
}
