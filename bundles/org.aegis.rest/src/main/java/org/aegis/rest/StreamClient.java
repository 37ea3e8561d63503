package org.aegis.rest;

import java.util.ArrayDeque;
import java.util.Queue;
import javax.websocket.Session;

/**
 * One {@code /ws} client's outbox. A WebSocket allows one asynchronous send at a time, so messages wait here:
 * node events in order, in a bounded queue, and the latest metrics message. A client that has not taken the
 * previous metrics message when the next is due, or lets its event queue fill, is too slow: the offer fails and
 * the stream drops the client instead of buffering for it.
 */
final class StreamClient {
    private final Session session;
    private final int eventCapacity;
    private final Runnable onSendFailure;
    private final Queue<String> events = new ArrayDeque<>();
    private String pendingMetrics;
    private boolean metricsInFlight;
    private boolean sending;

    StreamClient(Session session, int eventCapacity, Runnable onSendFailure) {
        this.session = session;
        this.eventCapacity = eventCapacity;
        this.onSendFailure = onSendFailure;
    }

    /** Queues the metrics message; false when the previous one has not been sent yet. */
    boolean offerMetrics(String message) {
        synchronized (this) {
            if (pendingMetrics != null || metricsInFlight) {
                return false;
            }
            pendingMetrics = message;
        }
        sendNext();
        return true;
    }

    /** Queues a node event; false when the client already has a full queue of them. */
    boolean offerEvent(String message) {
        synchronized (this) {
            if (events.size() >= eventCapacity) {
                return false;
            }
            events.add(message);
        }
        sendNext();
        return true;
    }

    private void sendNext() {
        String next;
        boolean isMetrics;
        synchronized (this) {
            if (sending) {
                return;
            }
            if (!events.isEmpty()) {
                next = events.poll();
                isMetrics = false;
            } else if (pendingMetrics != null) {
                next = pendingMetrics;
                pendingMetrics = null;
                isMetrics = true;
                metricsInFlight = true;
            } else {
                return;
            }
            sending = true;
        }
        try {
            session.getAsyncRemote().sendText(next, result -> {
                synchronized (this) {
                    sending = false;
                    if (isMetrics) {
                        metricsInFlight = false;
                    }
                }
                if (result.isOK()) {
                    sendNext();
                } else {
                    onSendFailure.run();
                }
            });
        } catch (RuntimeException e) {
            onSendFailure.run();
        }
    }
}
