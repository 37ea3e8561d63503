package org.aegis.shell;

import java.util.List;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Transport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "aegis", name = "peers", description = "Lists the connected peers: id, addresses, latency, protocols.")
@Service
public class PeersCommand implements Action {

    @Reference(optional = true)
    Transport transport;

    @Override
    public Object execute() {
        Transport transport = Services.require(this.transport, "transport", "aegis-transport");
        System.out.println("This node listens on " + transport.listenAddresses().stream().map(Multiaddr::value).toList());
        List<PeerInfo> peers = transport.peers();
        if (peers.isEmpty()) {
            System.out.println("No peers connected. Connect one with aegis:connect MULTIADDR.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Peer");
        table.column("Address");
        table.column("Latency").alignRight();
        table.column("Protocols");
        for (PeerInfo peer : peers) {
            table.addRow().addContent(peer.peerId(),
                    peer.addresses().isEmpty() ? "" : peer.addresses().get(0).value(),
                    peer.latency() == null ? "-" : Durations.millis(peer.latency()),
                    String.join(" ", peer.protocols()));
        }
        table.print(System.out);
        return null;
    }
}
