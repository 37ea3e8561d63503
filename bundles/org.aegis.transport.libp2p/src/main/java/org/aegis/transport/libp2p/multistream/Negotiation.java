package org.aegis.transport.libp2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.aegis.transport.libp2p.ProtocolException;

/**
 * The multistream-select state machine for one side of a connection or stream, independent of how bytes travel:
 * fed with what the remote sent, it answers with what to send and, at the end, the protocol agreed on. Both the
 * connection upgrade (security, muxer) and every Yamux stream use it.
 */
public final class Negotiation {
    private final boolean dialer;
    private final int proposalCount;
    private final Iterator<String> proposals;
    private final Predicate<String> supported;
    private final List<String> listing;
    private String proposed;
    private boolean headerReceived;
    private String selected;

    private Negotiation(boolean dialer, List<String> proposals, Predicate<String> supported, List<String> listing) {
        this.dialer = dialer;
        this.proposalCount = proposals.size();
        this.proposals = proposals.iterator();
        this.supported = supported;
        this.listing = listing;
    }

    /** The side that proposes {@code proposals} in order until the listener accepts one. */
    public static Negotiation dialer(List<String> proposals) {
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("nothing to propose");
        }
        return new Negotiation(true, List.copyOf(proposals), p -> false, List.of());
    }

    /** The side that accepts a protocol for which {@code supported} holds; {@code listing} answers {@code ls}. */
    public static Negotiation listener(Predicate<String> supported, List<String> listing) {
        return new Negotiation(false, List.of(), supported, List.copyOf(listing));
    }

    /** What to send first: the multistream header and, for the dialer, its first proposal in the same packet. */
    public ByteBuf start(ByteBufAllocator allocator) {
        if (dialer) {
            proposed = proposals.next();
            return MultistreamMessages.encode(allocator, MultistreamMessages.PROTOCOL_ID, proposed);
        }
        return MultistreamMessages.encode(allocator, MultistreamMessages.PROTOCOL_ID);
    }

    /**
     * Consumes the complete messages at the reader index of {@code in} and writes the replies to {@code out}; stops
     * right after the message that settles the protocol, so bytes after it stay in {@code in} for that protocol.
     *
     * @throws ProtocolException on a malformed message, a wrong header, or when the listener accepted none of the
     *                           dialer's proposals
     */
    public void receive(ByteBuf in, ByteBuf out) {
        while (selected == null) {
            String message = MultistreamMessages.tryRead(in, MultistreamMessages.MAX_MESSAGE_LENGTH);
            if (message == null) {
                return;
            }
            if (!headerReceived) {
                if (!MultistreamMessages.PROTOCOL_ID.equals(message)) {
                    throw new ProtocolException("expected multistream header " + MultistreamMessages.PROTOCOL_ID
                            + " but got '" + message + "'");
                }
                headerReceived = true;
            } else if (dialer) {
                dialerReceived(message, out);
            } else {
                listenerReceived(message, out);
            }
        }
    }

    private void dialerReceived(String message, ByteBuf out) {
        if (message.equals(proposed)) {
            selected = proposed;
        } else if (MultistreamMessages.NOT_AVAILABLE.equals(message)) {
            if (!proposals.hasNext()) {
                throw new ProtocolException("peer supports none of the protocols proposed (last: " + proposed + ")");
            }
            proposed = proposals.next();
            MultistreamMessages.write(out, proposed);
        } else {
            throw new ProtocolException("proposed " + proposed + " but the peer answered '" + message + "'");
        }
    }

    private void listenerReceived(String message, ByteBuf out) {
        if (MultistreamMessages.LIST.equals(message)) {
            ByteBuf list = MultistreamMessages.encodeList(out.alloc(), listing);
            out.writeBytes(list);
            list.release();
        } else if (!MultistreamMessages.NOT_AVAILABLE.equals(message) && supported.test(message)) {
            selected = message;
            MultistreamMessages.write(out, message);
        } else {
            MultistreamMessages.write(out, MultistreamMessages.NOT_AVAILABLE);
        }
    }

    /** Whether this is a dialer with one protocol to propose, which it may then select optimistically. */
    public boolean hasSingleProposal() {
        return dialer && proposalCount == 1;
    }

    /** The dialer's current proposal, or {@code null} before {@link #start}. */
    public String proposed() {
        return proposed;
    }

    /** The agreed protocol, or {@code null} while negotiating. */
    public String selected() {
        return selected;
    }
}
