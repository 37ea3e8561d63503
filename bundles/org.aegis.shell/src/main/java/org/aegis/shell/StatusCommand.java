package org.aegis.shell;

import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "status", description = "Shows the node's peer id, version, uptime and data folder.")
@Service
public class StatusCommand implements Action {

    @Reference
    NodeService node;

    @Override
    public Object execute() {
        NodeStatus status = node.status();
        System.out.println("Peer id     : " + status.peerId());
        System.out.println("Version     : " + status.version());
        System.out.println("Started     : " + status.startedAt());
        System.out.println("Uptime      : " + Durations.format(status.uptime()));
        System.out.println("Data folder : " + status.dataFolder());
        return null;
    }
}
