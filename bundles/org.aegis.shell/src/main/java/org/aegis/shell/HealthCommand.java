package org.aegis.shell;

import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.NodeHealth;
import org.aegis.api.node.NodeService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "aegis", name = "health",
        description = "Shows the node's overall health and the health of each component.")
@Service
public class HealthCommand implements Action {

    @Reference
    NodeService node;

    @Override
    public Object execute() {
        NodeHealth health = node.health();
        System.out.println("Overall: " + health.overall());
        ShellTable table = new ShellTable();
        table.column("Component");
        table.column("State");
        table.column("Detail");
        for (ComponentHealth c : health.components()) {
            table.addRow().addContent(c.component(), c.state(), c.detail());
        }
        table.print(System.out);
        return null;
    }
}
