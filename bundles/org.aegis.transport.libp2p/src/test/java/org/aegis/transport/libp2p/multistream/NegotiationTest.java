package org.aegis.transport.libp2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.aegis.transport.libp2p.ProtocolException;
import org.junit.jupiter.api.Test;

class NegotiationTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    /** Runs both sides against each other until neither has anything to say. */
    private static void converse(Negotiation dialer, Negotiation listener) {
        ByteBuf toListener = dialer.start(ALLOC);
        ByteBuf toDialer = listener.start(ALLOC);
        while (toListener.isReadable() || toDialer.isReadable()) {
            ByteBuf replies = Unpooled.buffer();
            listener.receive(toListener, replies);
            toDialer.writeBytes(replies);
            replies.clear();
            dialer.receive(toDialer, replies);
            toListener.writeBytes(replies);
            replies.release();
        }
        toListener.release();
        toDialer.release();
    }

    @Test
    void encodingMatchesTheSpec() {
        ByteBuf na = MultistreamMessages.encode(ALLOC, "na");
        assertEquals("036e610a", HexFormat.of().formatHex(io.netty.buffer.ByteBufUtil.getBytes(na)));
        na.release();
    }

    @Test
    void agreesOnTheFirstSupportedProposalAfterNa() {
        Negotiation dialer = Negotiation.dialer(List.of("/a/2.0.0", "/a/1.0.0"));
        Negotiation listener = Negotiation.listener("/a/1.0.0"::equals, List.of("/a/1.0.0"));
        converse(dialer, listener);
        assertEquals("/a/1.0.0", dialer.selected());
        assertEquals("/a/1.0.0", listener.selected());
    }

    @Test
    void failsWhenNothingIsSupported() {
        Negotiation dialer = Negotiation.dialer(List.of("/x/1.0.0"));
        Negotiation listener = Negotiation.listener(p -> false, List.of());
        ProtocolException e = assertThrows(ProtocolException.class, () -> converse(dialer, listener));
        assertTrue(e.getMessage().contains("none of the protocols"), e.getMessage());
        assertNull(listener.selected());
    }

    @Test
    void listsProtocolsOnLs() {
        Negotiation listener = Negotiation.listener(p -> false, List.of("/a/1.0.0", "/b/1.0.0"));
        listener.start(ALLOC).release();
        ByteBuf in = MultistreamMessages.encode(ALLOC, MultistreamMessages.PROTOCOL_ID, MultistreamMessages.LIST);
        ByteBuf out = Unpooled.buffer();
        listener.receive(in, out);
        ByteBuf body = MultistreamMessages.tryReadBody(out, MultistreamMessages.MAX_LIST_LENGTH);
        assertEquals(List.of("/a/1.0.0", "/b/1.0.0"), MultistreamMessages.parseList(body));
        in.release();
        out.release();
    }

    @Test
    void keepsBytesAfterTheAgreementForTheProtocol() {
        Negotiation listener = Negotiation.listener("/p"::equals, List.of("/p"));
        ByteBuf in = MultistreamMessages.encode(ALLOC, MultistreamMessages.PROTOCOL_ID, "/p");
        in.writeBytes(new byte[] {42, 43});
        ByteBuf out = Unpooled.buffer();
        listener.receive(in, out);
        assertEquals("/p", listener.selected());
        assertEquals(2, in.readableBytes());
        in.release();
        out.release();
    }

    @Test
    void malformedMessagesAreProtocolErrors() {
        Negotiation listener = Negotiation.listener(p -> true, List.of());
        assertThrows(ProtocolException.class, () -> listener.receive(
                Unpooled.wrappedBuffer(new byte[] {3, 'a', 'b', 'c'}), Unpooled.buffer()));
        assertThrows(ProtocolException.class, () -> Negotiation.listener(p -> true, List.of())
                .receive(MultistreamMessages.encode(ALLOC, "/not-multistream"), Unpooled.buffer()));
        ByteBuf tooLong = Unpooled.buffer();
        io.netty.buffer.ByteBufUtil.writeAscii(tooLong, "");
        org.aegis.transport.libp2p.multiformats.UVarint.write(tooLong, 5000);
        assertThrows(ProtocolException.class, () -> Negotiation.listener(p -> true, List.of())
                .receive(tooLong, Unpooled.buffer()));
        assertThrows(ProtocolException.class, () -> Negotiation.listener(p -> true, List.of())
                .receive(Unpooled.wrappedBuffer(new byte[] {0}), Unpooled.buffer()));
    }
}
