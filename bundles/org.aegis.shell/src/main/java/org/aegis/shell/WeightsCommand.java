package org.aegis.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.WeightProvider;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "aegis", name = "weights",
        description = "Shows the vote weight each known node gets from its consciousness level C.")
@Service
public class WeightsCommand implements Action {

    @Reference
    MetricsEngine metrics;

    @Reference
    WeightProvider weights;

    @Override
    public Object execute() {
        List<MetricsReport> nodes = new ArrayList<>(metrics.peers());
        metrics.current().ifPresent(nodes::add);
        if (nodes.isEmpty()) {
            System.out.println("No metrics yet: the window is still filling.");
            return null;
        }
        nodes.sort(Comparator.comparing(MetricsReport::nodeId));
        List<Integer> w = weights.weights(nodes.stream().map(r -> r.metrics().consciousnessLevel()).toList());
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("C").alignRight();
        table.column("Weight").alignRight();
        long total = 0;
        for (int i = 0; i < nodes.size(); i++) {
            table.addRow().addContent(nodes.get(i).nodeId(),
                    String.format("%.4f", nodes.get(i).metrics().consciousnessLevel()), w.get(i));
            total += w.get(i);
        }
        table.print(System.out);
        int f = (nodes.size() - 1) / 3;
        System.out.printf("Total weight %d; the %d heaviest node(s) hold less than a third of it%n", total, f);
        return null;
    }
}
