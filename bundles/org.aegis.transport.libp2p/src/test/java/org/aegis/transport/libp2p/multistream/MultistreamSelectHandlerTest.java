package org.aegis.transport.libp2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.aegis.transport.libp2p.ProtocolException;
import org.junit.jupiter.api.Test;

class MultistreamSelectHandlerTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private final List<String> selected = new ArrayList<>();

    private EmbeddedChannel optimisticDialer(String protocol) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("select", new MultistreamSelectHandler(Negotiation.dialer(List.of(protocol)), true,
                (ctx, chosen) -> selected.add(chosen)));
        return channel;
    }

    @Test
    void anOptimisticDialerSelectsAtOnceAndStripsTheAnswer() {
        EmbeddedChannel channel = optimisticDialer("/noise");
        assertEquals(List.of("/noise"), selected, "selected as soon as the proposal is written");
        ByteBuf proposal = channel.readOutbound();
        ByteBuf expected = MultistreamMessages.encode(ALLOC, MultistreamMessages.PROTOCOL_ID, "/noise");
        assertEquals(expected, proposal);
        proposal.release();
        expected.release();

        ByteBuf answer = MultistreamMessages.encode(ALLOC, MultistreamMessages.PROTOCOL_ID, "/noise");
        answer.writeBytes("next protocol".getBytes(StandardCharsets.UTF_8));
        channel.writeInbound(answer);
        ByteBuf after = channel.readInbound();
        assertEquals("next protocol", after.toString(StandardCharsets.UTF_8), "what follows the answer flows on");
        after.release();
        assertNull(channel.pipeline().get("select"), "the handler is gone once the answer is checked");
        assertEquals(List.of("/noise"), selected, "selected once");
        channel.finishAndReleaseAll();
    }

    @Test
    void aRefusalOfTheOptimisticProposalFailsTheConnection() {
        EmbeddedChannel channel = optimisticDialer("/yamux/1.0.0");
        ByteBuf proposal = channel.readOutbound();
        proposal.release();
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(
                MultistreamMessages.encode(ALLOC, MultistreamMessages.PROTOCOL_ID, MultistreamMessages.NOT_AVAILABLE)));
        assertInstanceOf(ProtocolException.class, e.getCause());
        channel.finishAndReleaseAll();
    }

    @Test
    void onlyADialerWithOneProposalIsOptimistic() {
        assertThrows(IllegalArgumentException.class, () -> new MultistreamSelectHandler(
                Negotiation.dialer(List.of("/a", "/b")), true, (ctx, chosen) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new MultistreamSelectHandler(
                Negotiation.listener("/a"::equals, List.of("/a")), true, (ctx, chosen) -> { }));
    }
}
