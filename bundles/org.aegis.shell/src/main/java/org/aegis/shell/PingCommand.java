package org.aegis.shell;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aegis.api.transport.Transport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "aegis", name = "ping", description = "Measures the round trip to a connected peer.")
@Service
public class PingCommand implements Action {
    private static final long TIMEOUT_SECONDS = 10;

    @Argument(name = "peer", required = true, description = "the peer's id")
    @Completion(PeerCompleter.class)
    String peerId;

    @Option(name = "--count", aliases = "-c", description = "how many pings")
    int count = 3;

    @Reference(optional = true)
    Transport transport;

    @Override
    public Object execute() throws InterruptedException {
        Transport transport = Services.require(this.transport, "transport", "aegis-transport");
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        int answered = 0;
        for (int i = 1; i <= count; i++) {
            try {
                Duration rtt = transport.ping(peerId).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                System.out.println("ping " + i + ": " + Durations.millis(rtt));
                answered++;
            } catch (ExecutionException e) {
                throw new IllegalStateException("ping " + i + " failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                System.out.println("ping " + i + ": no answer in " + TIMEOUT_SECONDS + " s");
            }
        }
        if (answered == 0) {
            throw new IllegalStateException("no answer from " + peerId + " to any of " + count + " pings");
        }
        return null;
    }
}
