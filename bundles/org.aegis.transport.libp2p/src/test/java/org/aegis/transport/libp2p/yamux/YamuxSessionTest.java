package org.aegis.transport.libp2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {
    private static final int WINDOW = YamuxSession.INITIAL_WINDOW;

    private final List<RecordingInput> accepted = new ArrayList<>();
    private final List<YamuxStream> acceptedStreams = new ArrayList<>();
    private YamuxSession session;
    private EmbeddedChannel channel;

    /** Records what arrives; consumes it only when told, like a slow application. */
    static final class RecordingInput implements StreamInput {
        final List<ByteBuf> data = new ArrayList<>();
        boolean ended;
        Exception reset;

        @Override
        public void onData(ByteBuf chunk) {
            data.add(chunk);
        }

        @Override
        public void onEnd() {
            ended = true;
        }

        @Override
        public void onReset(Exception cause) {
            reset = cause;
        }

        int bytes() {
            return data.stream().mapToInt(ByteBuf::readableBytes).sum();
        }
    }

    private void start(boolean client) {
        session = new YamuxSession(client, stream -> {
            RecordingInput input = new RecordingInput();
            accepted.add(input);
            acceptedStreams.add(stream);
            return input;
        }, 16, Duration.ofSeconds(30));
        channel = new EmbeddedChannel(new YamuxFrameDecoder(WINDOW), session);
    }

    @AfterEach
    void release() {
        accepted.forEach(input -> input.data.forEach(ByteBuf::release));
        channel.finishAndReleaseAll();
    }

    private void receive(int type, int flags, int streamId, long length, byte[] data) {
        ByteBuf frame = YamuxFrame.encode(type, flags, streamId, length);
        if (data != null) {
            frame.writeBytes(data);
        }
        channel.writeInbound(frame);
    }

    /** The frames the session wrote, decoded, with data frames summarised by their length. */
    private List<YamuxFrame> sent() {
        List<YamuxFrame> frames = new ArrayList<>();
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            all.writeBytes(out);
            out.release();
        }
        for (YamuxFrame frame; (frame = YamuxFrameDecoder.tryDecode(all, Integer.MAX_VALUE)) != null; ) {
            frame.release();
            frames.add(new YamuxFrame(frame.type(), frame.flags(), frame.streamId(), frame.length(), null));
        }
        all.release();
        return frames;
    }

    private static long dataBytes(List<YamuxFrame> frames) {
        return frames.stream().filter(f -> f.type() == YamuxFrame.TYPE_DATA).mapToLong(YamuxFrame::length).sum();
    }

    @Test
    void clientOpensOddStreamsWithSyn() throws Exception {
        start(true);
        session.open(s -> new RecordingInput()).get(1, TimeUnit.SECONDS);
        List<YamuxFrame> frames = sent();
        assertEquals(1, frames.size());
        assertEquals(1, frames.get(0).streamId());
        assertTrue(frames.get(0).has(YamuxFrame.FLAG_SYN));
        session.open(s -> new RecordingInput()).get(1, TimeUnit.SECONDS);
        assertEquals(3, sent().get(0).streamId());
    }

    @Test
    void writesStopAtTheRemoteWindowAndResumeOnWindowUpdate() throws Exception {
        start(true);
        YamuxStream[] stream = new YamuxStream[1];
        session.open(s -> {
            stream[0] = s;
            return new RecordingInput();
        }).get(1, TimeUnit.SECONDS);
        sent();
        CompletableFuture<Void> write = stream[0].write(Unpooled.wrappedBuffer(new byte[WINDOW + 100_000]));
        channel.runPendingTasks();
        assertEquals(WINDOW, dataBytes(sent()), "only the initial window goes out");
        assertFalse(write.isDone(), "the write is not accepted before the window opens");

        receive(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, 1, 60_000, null);
        assertEquals(60_000, dataBytes(sent()));
        assertFalse(write.isDone());
        receive(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 1, 40_000, null);
        assertEquals(40_000, dataBytes(sent()));
        write.get(1, TimeUnit.SECONDS);
    }

    @Test
    void receiveWindowReopensOnlyAsTheReaderConsumes() {
        start(false);
        receive(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0, null);
        assertTrue(sent().get(0).has(YamuxFrame.FLAG_ACK));
        for (int i = 0; i < 4; i++) {
            receive(YamuxFrame.TYPE_DATA, 0, 1, WINDOW / 4, new byte[WINDOW / 4]);
        }
        assertEquals(WINDOW, accepted.get(0).bytes());
        assertTrue(sent().isEmpty(), "no window update while nothing is consumed");

        acceptedStreams.get(0).consumed(WINDOW / 4);
        assertTrue(sent().isEmpty(), "a quarter consumed is below the update threshold");
        acceptedStreams.get(0).consumed(WINDOW / 4);
        List<YamuxFrame> update = sent();
        assertEquals(1, update.size());
        assertEquals(YamuxFrame.TYPE_WINDOW_UPDATE, update.get(0).type());
        assertEquals(WINDOW / 2, update.get(0).length());

        receive(YamuxFrame.TYPE_DATA, 0, 1, WINDOW / 2, new byte[WINDOW / 2]);
        assertTrue(channel.isActive(), "data within the re-opened window is accepted");
    }

    @Test
    void dataBeyondTheWindowIsAProtocolError() {
        start(false);
        receive(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, WINDOW, new byte[WINDOW]);
        sent();
        receive(YamuxFrame.TYPE_DATA, 0, 1, 1, new byte[1]);
        List<YamuxFrame> frames = sent();
        YamuxFrame goAway = frames.get(frames.size() - 1);
        assertEquals(YamuxFrame.TYPE_GO_AWAY, goAway.type());
        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, goAway.length());
        assertFalse(channel.isActive());
    }

    @Test
    void oversizedFrameIsAProtocolError() {
        start(false);
        channel.writeInbound(YamuxFrame.encode(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, WINDOW + 1));
        List<YamuxFrame> frames = sent();
        assertEquals(YamuxFrame.TYPE_GO_AWAY, frames.get(0).type());
        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, frames.get(0).length());
        assertFalse(channel.isActive());
    }

    @Test
    void halfCloseKeepsTheOtherDirectionOpen() throws Exception {
        start(false);
        receive(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_FIN, 1, 3, new byte[] {1, 2, 3});
        assertTrue(accepted.get(0).ended);
        assertEquals(3, accepted.get(0).bytes());
        sent();
        YamuxStream stream = acceptedStreams.get(0);
        stream.write(Unpooled.wrappedBuffer(new byte[] {9})).get(1, TimeUnit.SECONDS);
        assertEquals(1, dataBytes(sent()), "the accepting side still writes after the peer's FIN");
        assertEquals(1, session.streamCount());
        stream.closeWrite().get(1, TimeUnit.SECONDS);
        assertTrue(sent().get(0).has(YamuxFrame.FLAG_FIN));
        assertEquals(0, session.streamCount(), "closed in both directions, the stream is gone");
    }

    @Test
    void resetFailsPendingWritesAndTellsTheReader() {
        start(true);
        YamuxStream[] stream = new YamuxStream[1];
        RecordingInput input = new RecordingInput();
        session.open(s -> {
            stream[0] = s;
            return input;
        });
        CompletableFuture<Void> write = stream[0].write(Unpooled.wrappedBuffer(new byte[WINDOW + 1]));
        sent();
        receive(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 1, 0, null);
        assertNotNull(input.reset);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> write.get(1, TimeUnit.SECONDS));
        assertInstanceOf(StreamResetException.class, failure.getCause());
        assertEquals(0, session.streamCount());
    }

    @Test
    void localResetSendsRst() {
        start(false);
        receive(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0, null);
        sent();
        acceptedStreams.get(0).reset();
        assertTrue(sent().get(0).has(YamuxFrame.FLAG_RST));
        assertNotNull(accepted.get(0).reset);
        receive(YamuxFrame.TYPE_DATA, 0, 1, 2, new byte[2]);
        assertTrue(channel.isActive(), "late data for a reset stream is dropped, not an error");
    }

    @Test
    void goAwayStopsNewStreamsAndCloseSendsIt() {
        start(true);
        receive(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL, null);
        CompletableFuture<RecordingInput> opened = session.open(s -> new RecordingInput());
        assertTrue(opened.isCompletedExceptionally());

        start(true);
        session.close();
        channel.runPendingTasks();
        List<YamuxFrame> frames = sent();
        assertEquals(YamuxFrame.TYPE_GO_AWAY, frames.get(0).type());
        assertEquals(YamuxFrame.GO_AWAY_NORMAL, frames.get(0).length());
        assertFalse(channel.isActive());
    }

    @Test
    void pingIsEchoedWithAck() {
        start(false);
        receive(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xCAFEL, null);
        YamuxFrame pong = sent().get(0);
        assertEquals(YamuxFrame.TYPE_PING, pong.type());
        assertTrue(pong.has(YamuxFrame.FLAG_ACK));
        assertEquals(0xCAFEL, pong.length());
    }

    @Test
    void synWithThisSidesParityIsAProtocolError() {
        start(true);
        receive(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0, null);
        assertEquals(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, sent().get(0).length());
        assertFalse(channel.isActive());
    }

    @Test
    void tooManyStreamsAreReset() {
        start(false);
        for (int id = 1; id <= 2 * 17; id += 2) {
            receive(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0, null);
        }
        List<YamuxFrame> frames = sent();
        YamuxFrame last = frames.get(frames.size() - 1);
        assertEquals(33, last.streamId());
        assertTrue(last.has(YamuxFrame.FLAG_RST));
        assertEquals(16, session.streamCount());
    }
}
