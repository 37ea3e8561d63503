package org.aegis.shell;

import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.aegis.api.security.NodeCertificates;
import org.aegis.api.security.ServerCertificate;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "status", description = "Shows the node's peer id, version, uptime, data folder and HTTPS certificate.")
@Service
public class StatusCommand implements Action {

    @Reference
    NodeService node;

    @Reference(optional = true)
    NodeCertificates certificates;

    @Override
    public Object execute() {
        NodeStatus status = node.status();
        System.out.println("Peer id     : " + status.peerId());
        System.out.println("Version     : " + status.version());
        System.out.println("Started     : " + status.startedAt());
        System.out.println("Uptime      : " + Durations.format(status.uptime()));
        System.out.println("Data folder : " + status.dataFolder());
        if (certificates != null) {
            ServerCertificate https = certificates.server();
            System.out.println("HTTPS cert  : " + https.subject() + " (" + https.source() + "), until " + https.notAfter());
            System.out.println("HTTPS SHA-256: " + https.sha256());
            System.out.println("Trust with  : curl --cacert " + https.trustAnchorFile() + " https://<host>:<port>/api/health");
        }
        return null;
    }
}
