package org.aegis.shell;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Transport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "connect", description = "Connects to a peer by multiaddr.",
        detailedDescription = "Example: aegis:connect /ip4/127.0.0.1/tcp/4002/p2p/12D3KooW...")
@Service
public class ConnectCommand implements Action {
    private static final long TIMEOUT_SECONDS = 30;

    @Argument(name = "multiaddr", required = true, description = "the peer's address, ending in /p2p/<peer id>")
    String address;

    @Reference(optional = true)
    Transport transport;

    @Override
    public Object execute() throws InterruptedException {
        Transport transport = Services.require(this.transport, "transport", "aegis-transport");
        try {
            PeerInfo peer = transport.dial(new Multiaddr(address)).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            System.out.println("Connected to " + peer.peerId());
            System.out.println("Protocols: " + String.join(" ", peer.protocols()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not connect to " + address + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from " + address + " in " + TIMEOUT_SECONDS + " s", e);
        }
        return null;
    }
}
