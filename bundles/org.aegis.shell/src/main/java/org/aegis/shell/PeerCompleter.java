package org.aegis.shell;

import java.util.List;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Transport;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the connected peers. */
@Service
public class PeerCompleter implements Completer {

    @Reference(optional = true)
    Transport transport;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (transport == null) {
            return -1;
        }
        return new StringsCompleter(transport.peers().stream().map(PeerInfo::peerId).toList())
                .complete(session, commandLine, candidates);
    }
}
