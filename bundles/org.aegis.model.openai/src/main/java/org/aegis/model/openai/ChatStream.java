package org.aegis.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.aegis.api.model.ModelException;

/**
 * One streamed chat completion: the {@link Flow.Subscription} its subscriber holds, and the subscriber of the HTTP
 * response body, which carries server-sent events whose {@code choices[0].delta.content} are the fragments.
 *
 * <p>Demand reaches the socket: the next body buffers are asked for only when the subscriber has demand and every
 * fragment decoded so far has been delivered, so memory is bounded by one delivery of buffers, the fragments decoded
 * from it and one event (maxResponseBytes). Signals to the subscriber are serialized by the drain loop.
 *
 * <p>It ends with {@code onComplete} after {@code data: [DONE]} (or a body that ends after a finish_reason), or with
 * {@code onError} carrying a {@link ModelException}: the server's status and message, a malformed event, an error
 * event, a broken or truncated body, no headers within the request timeout, no data within the idle timeout while
 * the subscriber waits. Cancelling, like every end, aborts the HTTP exchange and releases the request's permit.
 */
final class ChatStream implements Flow.Subscription, Admission.Call {
    static final String DONE = "[DONE]";

    private final Flow.Subscriber<? super String> downstream;
    private final String call;
    private final ProviderSettings settings;
    private final ObjectMapper json;
    private final Failures failures;
    private final ScheduledExecutorService timer;
    private final Consumer<? super ChatStream> onEnd;
    private final SseDecoder decoder;

    private final Queue<String> fragments = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean bodyRequested = new AtomicBoolean();
    /** Every fragment is in the queue: [DONE] was read. */
    private volatile boolean sourceDone;
    /** The subscriber has had its terminal signal or cancelled. */
    private volatile boolean done;
    private volatile Flow.Subscription body;
    private volatile BoundedBody errorBody;
    private volatile CompletableFuture<?> exchange;
    private volatile ScheduledFuture<?> deadline;
    /** Read and written by the body's (serial) signals only. */
    private boolean sawFinishReason;

    ChatStream(Flow.Subscriber<? super String> downstream, String call, ProviderSettings settings, ObjectMapper json,
            Failures failures, ScheduledExecutorService timer, Consumer<? super ChatStream> onEnd) {
        this.downstream = downstream;
        this.call = call;
        this.settings = settings;
        this.json = json;
        this.failures = failures;
        this.timer = timer;
        this.onEnd = onEnd;
        this.decoder = new SseDecoder(settings.maxResponseBytes(), () -> failures.tooLarge(call + " (one event)",
                settings.maxResponseBytes()));
    }

    /**
     * Sends the request; the response headers must arrive within the request timeout. A failure to get them is
     * handled on {@code callbacks} (sendAsync completes its future on the common pool).
     */
    void start(HttpClient client, HttpRequest request, Executor callbacks) {
        if (done) {
            // cancelled in onSubscribe, before it was admitted: give the admission back
            onEnd.accept(this);
            return;
        }
        arm(settings.requestTimeout(),
                () -> failures.timeout(call, "no response within " + settings.requestTimeout()));
        CompletableFuture<?> sent = client.sendAsync(request, this::bodyFor);
        exchange = sent;
        sent.whenCompleteAsync((response, failure) -> {
            if (failure != null) {
                fail(failures.of(failure, call));
            }
        }, callbacks);
        if (done) {
            // ended while sending: release() may have run before there was an exchange or a deadline to stop
            sent.cancel(true);
            disarm();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            failWith(new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams §3.9)"));
            return;
        }
        demand.getAndAccumulate(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
        drain();
    }

    @Override
    public void cancel() {
        done = true;
        release();
    }

    @Override
    public void fail(ModelException cause) {
        failWith(cause);
    }

    private HttpResponse.BodySubscriber<Void> bodyFor(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status / 100 != 2) {
            // the request deadline stays armed: it also bounds reading the error message
            BoundedBody message = BoundedBody.truncating(Failures.ERROR_BODY_BYTES);
            errorBody = message;
            message.getBody().whenComplete((bytes, failure) -> fail(
                    failure == null ? failures.status(status, call, bytes) : failures.of(failure, call)));
            if (done) {
                message.abort(failures.stopped());
            }
            return HttpResponse.BodySubscribers.mapping(message, bytes -> null);
        }
        disarm();
        String type = info.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            fail(failures.malformed(call, "expected Content-Type text/event-stream, got '" + type + "'"));
        }
        return new Body();
    }

    /** The response body's subscriber: hands buffers, end and failure to the stream. */
    private final class Body implements HttpResponse.BodySubscriber<Void> {
        @Override
        public CompletionStage<Void> getBody() {
            // complete at once, as the JDK's streaming bodies do: the exchange's future then only carries failures
            // up to the headers, the body's own come through onError
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            body = subscription;
            if (done || error.get() != null) {
                subscription.cancel();
            }
            drain();
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            bodyRequested.set(false);
            disarm();
            if (sourceDone) {
                return;
            }
            try {
                for (ByteBuffer buffer : buffers) {
                    decoder.decode(buffer, this::onEvent);
                    if (sourceDone) {
                        break;
                    }
                }
            } catch (ModelException e) {
                fail(e);
                return;
            }
            drain();
        }

        private void onEvent(SseDecoder.Event event) {
            if (sourceDone) {
                return;
            }
            if (event.data().equals(DONE)) {
                // nothing may follow [DONE]: stop reading rather than wait for the server to end the body
                sourceDone = true;
                cancelBody();
                return;
            }
            JsonNode node;
            Wire.ChatResponse chunk;
            try {
                node = json.readTree(event.data());
                if (node.has("error") || event.type().equals("error")) {
                    throw failures.streamError(call, event.data());
                }
                chunk = json.treeToValue(node, Wire.ChatResponse.class);
            } catch (JsonProcessingException e) {
                throw failures.malformed(call, "event " + e.getOriginalMessage());
            }
            if (chunk == null || chunk.choices() == null) {
                throw failures.malformed(call, "an event without choices");
            }
            if (chunk.choices().isEmpty()) {
                return; // e.g. the usage chunk some servers send last
            }
            Wire.Choice choice = chunk.choices().get(0);
            if (choice.delta() != null && choice.delta().content() != null && !choice.delta().content().isEmpty()) {
                fragments.add(choice.delta().content());
            }
            if (choice.finishReason() != null) {
                sawFinishReason = true;
            }
        }

        @Override
        public void onError(Throwable failure) {
            disarm();
            if (!sourceDone) {
                fail(failures.of(failure, call));
            }
        }

        @Override
        public void onComplete() {
            disarm();
            if (!sourceDone) {
                if (sawFinishReason) {
                    sourceDone = true;
                } else {
                    fail(failures.malformed(call, "the stream ended before the reply was complete (no [DONE])"));
                    return;
                }
            }
            drain();
        }
    }

    private void failWith(Throwable failure) {
        if (error.compareAndSet(null, failure)) {
            disarm();
            cancelBody();
        }
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (done) {
                return;
            }
            Throwable failure = error.get();
            if (failure != null) {
                done = true;
                release();
                downstream.onError(failure);
                return;
            }
            // read before polling: once set, every fragment is already in the queue
            boolean finished = sourceDone;
            long requested = demand.get();
            long emitted = 0;
            String fragment;
            while (emitted < requested && error.get() == null && (fragment = fragments.poll()) != null) {
                downstream.onNext(fragment);
                emitted++;
                if (done) {
                    return;
                }
            }
            if (emitted > 0 && requested != Long.MAX_VALUE) {
                demand.addAndGet(-emitted);
            }
            if (error.get() == null && fragments.isEmpty()) {
                if (finished) {
                    done = true;
                    release();
                    downstream.onComplete();
                    return;
                }
                Flow.Subscription subscription = body;
                if (subscription != null && demand.get() > 0 && bodyRequested.compareAndSet(false, true)) {
                    arm(settings.streamIdleTimeout(), () -> failures.timeout(call,
                            "no data for " + settings.streamIdleTimeout() + " (streamIdleTimeoutMs)"));
                    subscription.request(1);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Ends the exchange and gives back the permit, once. */
    private void release() {
        if (released.compareAndSet(false, true)) {
            disarm();
            cancelBody();
            CompletableFuture<?> sent = exchange;
            if (sent != null) {
                sent.cancel(true);
            }
            BoundedBody message = errorBody;
            if (message != null) {
                message.abort(failures.stopped());
            }
            onEnd.accept(this);
        }
    }

    private void cancelBody() {
        Flow.Subscription subscription = body;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void arm(Duration delay, Supplier<ModelException> failure) {
        disarm();
        try {
            deadline = timer.schedule(() -> fail(failure.get()), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            fail(failures.stopped());
        }
    }

    private void disarm() {
        ScheduledFuture<?> current = deadline;
        if (current != null) {
            current.cancel(false);
        }
    }
}
