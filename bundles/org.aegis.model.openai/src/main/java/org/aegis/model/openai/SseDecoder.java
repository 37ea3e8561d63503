package org.aegis.model.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decodes a {@code text/event-stream} body as the HTML standard's server-sent events specify: lines end with CRLF, LF
 * or CR (also when split between buffers), a leading BOM is dropped, lines starting with ':' are comments, several
 * {@code data} lines of one event are joined with LF, a blank line dispatches the event, and an event without data
 * or cut off by the end of the body is not dispatched. {@code id} and {@code retry} only matter to a client that
 * reconnects, which this one does not, so they are ignored like unknown fields.
 *
 * <p>Memory is bounded: an event (its line being read plus its data so far) longer than {@code maxEventBytes} fails
 * with the given exception. Not thread-safe: feed it from one thread at a time.
 */
final class SseDecoder {
    /** One dispatched event; {@code type} is {@code message} unless an {@code event} field said otherwise. */
    record Event(String type, String data) {
    }

    private static final String DEFAULT_TYPE = "message";
    private static final char BOM = '\uFEFF';

    private final int maxEventBytes;
    private final Supplier<? extends RuntimeException> tooLarge;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLineFeed;
    private boolean firstLine = true;
    private final StringBuilder data = new StringBuilder();
    private int dataBytes;
    private String type = DEFAULT_TYPE;

    SseDecoder(int maxEventBytes, Supplier<? extends RuntimeException> tooLarge) {
        this.maxEventBytes = maxEventBytes;
        this.tooLarge = tooLarge;
    }

    /** Consumes the buffer, passing each event it completes to {@code events}. */
    void decode(ByteBuffer buffer, Consumer<Event> events) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r' || b == '\n') {
                skipLineFeed = b == '\r';
                line(new String(line, 0, lineLength, StandardCharsets.UTF_8), events);
                lineLength = 0;
            } else {
                append(b);
            }
        }
    }

    private void append(byte b) {
        if (lineLength + dataBytes >= maxEventBytes) {
            throw tooLarge.get();
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, maxEventBytes));
        }
        line[lineLength++] = b;
    }

    private void line(String text, Consumer<Event> events) {
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(text.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        if (field.equals("data")) {
            data.append(value).append('\n');
            dataBytes += lineLength;
        } else if (field.equals("event")) {
            type = value;
        }
    }

    private void dispatch(Consumer<Event> events) {
        String eventType = type;
        type = DEFAULT_TYPE;
        if (data.length() == 0) {
            return;
        }
        String eventData = data.substring(0, data.length() - 1);
        data.setLength(0);
        dataBytes = 0;
        events.accept(new Event(eventType.isEmpty() ? DEFAULT_TYPE : eventType, eventData));
    }
}
