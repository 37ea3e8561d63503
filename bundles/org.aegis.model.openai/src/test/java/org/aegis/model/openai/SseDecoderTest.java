package org.aegis.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.aegis.model.openai.SseDecoder.Event;
import org.junit.jupiter.api.Test;

class SseDecoderTest {
    private static List<Event> decode(String body, int chunkSize) {
        SseDecoder decoder = new SseDecoder(1024, () -> new IllegalStateException("too large"));
        List<Event> events = new ArrayList<>();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length; start += chunkSize) {
            decoder.decode(ByteBuffer.wrap(bytes, start, Math.min(chunkSize, bytes.length - start)), events::add);
        }
        return events;
    }

    /** The same events however the body is cut into buffers, one byte each included. */
    private static List<Event> decodeEveryWay(String body) {
        List<Event> whole = decode(body, Integer.MAX_VALUE);
        for (int chunkSize = 1; chunkSize < 8; chunkSize++) {
            assertEquals(whole, decode(body, chunkSize), "chunks of " + chunkSize);
        }
        return whole;
    }

    @Test
    void eventsEndAtABlankLineWhateverTheLineEnding() {
        assertEquals(List.of(new Event("message", "a"), new Event("message", "b"), new Event("message", "c"),
                new Event("message", "[DONE]")),
                decodeEveryWay("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: [DONE]\n\n"));
    }

    @Test
    void dataLinesJoinWithLineFeedsAndOneSpaceIsStripped() {
        assertEquals(List.of(new Event("message", "{\"a\":\n 1}"), new Event("message", " two spaces"),
                new Event("message", "no space")),
                decodeEveryWay("data: {\"a\":\ndata:  1}\n\ndata:  two spaces\n\ndata:no space\n\n"));
    }

    @Test
    void commentsAndOtherFieldsAreIgnoredAndEventSetsTheType() {
        assertEquals(List.of(new Event("message", "x"), new Event("error", "{}"), new Event("message", "after")),
                decodeEveryWay(": keep-alive\nid: 7\nretry: 10\nfoo: bar\ndata: x\n\n"
                        + "event: error\ndata: {}\n\n: only a comment\n\ndata: after\n\n"));
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValueAndEmptyEventsAreNotDispatched() {
        assertEquals(List.of(new Event("message", ""), new Event("message", "\nx")),
                decodeEveryWay("data\n\nevent: ignored\n\n\n\ndata\ndata: x\n\n"));
    }

    @Test
    void aLeadingBomIsDroppedAndUtf8SurvivesAnyCut() {
        assertEquals(List.of(new Event("message", "héllo → 世界 🎉")), decodeEveryWay("\uFEFFdata: héllo → 世界 🎉\n\n"));
    }

    @Test
    void anEventCutOffByTheEndIsNotDispatched() {
        assertEquals(List.of(new Event("message", "done")), decodeEveryWay("data: done\n\ndata: partial\n"));
    }

    @Test
    void anEventLargerThanTheLimitFails() {
        SseDecoder decoder = new SseDecoder(1024, () -> new IllegalStateException("too large"));
        List<Event> events = new ArrayList<>();
        String line = "data: " + "x".repeat(600) + "\n";
        decoder.decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), events::add);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decoder.decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), events::add));
        assertEquals("too large", e.getMessage());
        assertEquals(List.of(), events);
        // one long line alone, too
        SseDecoder fresh = new SseDecoder(1024, () -> new IllegalStateException("too large"));
        assertThrows(IllegalStateException.class, () -> fresh.decode(
                ByteBuffer.wrap(("data: " + "y".repeat(2000)).getBytes(StandardCharsets.UTF_8)), events::add));
    }
}
