package org.aegis.transport.libp2p.identify;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.aegis.transport.libp2p.proto.IdentifyProtos.Identify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The identify message ({@code /ipfs/id/1.0.0}, {@code /ipfs/id/push/1.0.0}) to and from protobuf. */
public final class IdentifyCodec {
    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** Largest identify message accepted. */
    public static final int MAX_MESSAGE_LENGTH = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IdentifyCodec.class);

    private IdentifyCodec() {
    }

    /** What this node says about itself; {@code observed} is the address the asking peer connects from. */
    public static byte[] encode(String agentVersion, byte[] publicKey, List<Multiaddress> listenAddrs,
            List<String> protocols, Multiaddress observed) {
        Identify.Builder message = Identify.newBuilder().setProtocolVersion(PROTOCOL_VERSION)
                .setAgentVersion(agentVersion).setPublicKey(ByteString.copyFrom(publicKey)).addAllProtocols(protocols);
        for (Multiaddress address : listenAddrs) {
            message.addListenAddrs(ByteString.copyFrom(address.toBytes()));
        }
        if (observed != null) {
            message.setObservedAddr(ByteString.copyFrom(observed.toBytes()));
        }
        return message.build().toByteArray();
    }

    /** A decoded message with which of its repeated fields were present (for pushes). */
    public record Decoded(IdentifyInfo info, boolean hasListenAddrs, boolean hasProtocols) {
    }

    /**
     * Decodes a message from {@code peerId}. Addresses of transports this node does not speak are skipped.
     *
     * @throws ProtocolException when it is not a valid identify message or its public key is not {@code peerId}'s
     */
    public static Decoded decode(byte[] bytes, String peerId) {
        Identify message;
        try {
            message = Identify.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("malformed identify message from " + peerId + ": " + e.getMessage(), e);
        }
        if (message.hasPublicKey() && !PeerIds.fromPublicKey(message.getPublicKey().toByteArray()).equals(peerId)) {
            throw new ProtocolException("identify from " + peerId + " carries another peer's public key");
        }
        List<Multiaddress> listenAddrs = new ArrayList<>();
        for (ByteString address : message.getListenAddrsList()) {
            try {
                listenAddrs.add(Multiaddress.fromBytes(address.toByteArray()));
            } catch (ProtocolException e) {
                LOG.debug("Skipping a listen address of {}: {}", peerId, e.getMessage());
            }
        }
        Multiaddress observed = null;
        if (message.hasObservedAddr()) {
            try {
                observed = Multiaddress.fromBytes(message.getObservedAddr().toByteArray());
            } catch (ProtocolException e) {
                LOG.debug("Skipping the observed address from {}: {}", peerId, e.getMessage());
            }
        }
        IdentifyInfo info = new IdentifyInfo(message.hasProtocolVersion() ? message.getProtocolVersion() : null,
                message.hasAgentVersion() ? message.getAgentVersion() : null, List.copyOf(listenAddrs),
                List.copyOf(message.getProtocolsList()), observed);
        return new Decoded(info, message.getListenAddrsCount() > 0, message.getProtocolsCount() > 0);
    }
}
