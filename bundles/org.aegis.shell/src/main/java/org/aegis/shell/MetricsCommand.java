package org.aegis.shell;

import java.util.Optional;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.WindowAnalysis;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "metrics", description = "Shows the node's metrics Φ, R, S, D, C and the network's state.",
        detailedDescription = "With --watch the values refresh every interval until Ctrl-C.")
@Service
public class MetricsCommand implements Action {

    @Option(name = "--watch", aliases = "-w", description = "refresh until Ctrl-C")
    boolean watch;

    @Option(name = "--interval", aliases = "-i", description = "seconds between refreshes with --watch")
    double interval = 1.0;

    @Reference
    MetricsEngine metrics;

    @Override
    public Object execute() throws InterruptedException {
        if (!(interval >= 0.1)) {
            throw new IllegalArgumentException("--interval must be at least 0.1 seconds");
        }
        do {
            print(metrics.current(), metrics.currentAnalysis(), metrics.peers().size());
            if (watch) {
                Thread.sleep(Math.round(interval * 1000));
                System.out.println();
            }
        } while (watch && !Thread.currentThread().isInterrupted());
        return null;
    }

    private static void print(Optional<MetricsReport> current, Optional<WindowAnalysis> analysis, int peers) {
        if (current.isEmpty()) {
            System.out.println("No metrics yet: the window is still filling.");
            return;
        }
        MetricsReport report = current.get();
        var m = report.metrics();
        var g = report.global();
        System.out.printf("Node        : %s at %s%n", report.nodeId(), report.timestamp());
        System.out.printf("Φ phi       : %.6f%s%n", m.phi(),
                analysis.map(a -> "   MIB " + a.mib().first() + " | " + a.mib().second()).orElse(""));
        System.out.printf("R coherence : %.6f%n", m.coherence());
        System.out.printf("S stability : %.6f%n", m.stability());
        System.out.printf("D divergence: %.6f%n", m.divergence());
        System.out.printf("C level     : %.6f%n", m.consciousnessLevel());
        System.out.printf("Network     : coherence %.4f, awareness %.4f, health %.2f, %d peer(s)%n",
                g.networkCoherence(), g.collectiveAwareness(), g.systemHealth(), peers);
    }
}
