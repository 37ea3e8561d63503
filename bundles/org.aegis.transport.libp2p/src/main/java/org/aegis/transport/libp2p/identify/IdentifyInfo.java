package org.aegis.transport.libp2p.identify;

import java.util.List;
import org.aegis.transport.libp2p.multiformats.Multiaddress;

/**
 * What a peer told about itself with identify. Fields a push leaves out are {@code null} (lists: absent) and keep
 * their earlier value when merged.
 */
public record IdentifyInfo(String protocolVersion, String agentVersion, List<Multiaddress> listenAddrs,
        List<String> protocols, Multiaddress observedAddr) {
    public static final IdentifyInfo EMPTY = new IdentifyInfo(null, null, List.of(), List.of(), null);

    /** This record updated with what {@code push} carries. */
    public IdentifyInfo merge(IdentifyInfo push, boolean pushHasListenAddrs, boolean pushHasProtocols) {
        return new IdentifyInfo(push.protocolVersion != null ? push.protocolVersion : protocolVersion,
                push.agentVersion != null ? push.agentVersion : agentVersion,
                pushHasListenAddrs ? push.listenAddrs : listenAddrs,
                pushHasProtocols ? push.protocols : protocols,
                push.observedAddr != null ? push.observedAddr : observedAddr);
    }
}
