package org.aegis.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.aegis.api.model.ModelException;

/**
 * A routed chat stream as OpenAI's server-sent events: {@code chat.completion.chunk} objects, then
 * {@code data: [DONE]}. It subscribes to the router's stream and requests one fragment at a time, each after the
 * previous one was written and flushed, so a slow client slows the model instead of filling memory.
 *
 * <p>The HTTP response is decided by the stream's first signal: a failure before any text is an ordinary error
 * response with its status (404, 429, 503, 504…); otherwise a 200 event stream whose body this class writes. A
 * failure after the first fragment can only be told in the stream: an event with OpenAI's error object, and no
 * {@code [DONE]}.
 */
final class ChatEventStream implements Flow.Subscriber<String>, StreamingOutput {
    static final String EVENT_STREAM = "text/event-stream";
    /**
     * How long the writer waits for the next signal. The router ends every stream by its own deadline and idle
     * timeout well before this; the wait only guards a writer thread against a router that broke that promise.
     */
    static final long GUARD_MINUTES = 30;
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private sealed interface Signal permits Fragment, Failure, End {
    }

    private record Fragment(String text) implements Signal {
    }

    private record Failure(Throwable error) implements Signal {
    }

    private record End() implements Signal {
    }

    private final ObjectMapper mapper;
    private final String id;
    private final long created;
    private final String model;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final CompletableFuture<Response> first = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    ChatEventStream(ObjectMapper mapper, String id, long created, String model) {
        this.mapper = mapper;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** Subscribes; the response is ready with the stream's first signal. */
    CompletionStage<Response> start(Flow.Publisher<String> publisher) {
        publisher.subscribe(this);
        return first;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(String text) {
        signal(new Fragment(text));
    }

    @Override
    public void onError(Throwable error) {
        signal(new Failure(error));
    }

    @Override
    public void onComplete() {
        signal(new End());
    }

    private void signal(Signal signal) {
        if (signal instanceof Failure failure && !first.isDone()) {
            first.complete(failure.error() instanceof ModelException e ? OpenAiErrors.response(e)
                    : OpenAiErrors.response(500, "the model stream failed"));
            return;
        }
        signals.add(signal);
        first.complete(Response.ok(this, EVENT_STREAM).header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no").build());
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try {
            event(out, OpenAiResponses.chunk(id, created, model, new OpenAiResponses.Delta("assistant", ""), null));
            while (true) {
                Signal signal = signals.poll(GUARD_MINUTES, TimeUnit.MINUTES);
                if (signal == null) {
                    subscription.cancel();
                    event(out, OpenAiErrors.body(504, "the model stream stopped without an end"));
                    return;
                }
                if (signal instanceof Fragment fragment) {
                    event(out, OpenAiResponses.chunk(id, created, model,
                            new OpenAiResponses.Delta(null, fragment.text()), null));
                    subscription.request(1);
                } else if (signal instanceof End) {
                    event(out, OpenAiResponses.chunk(id, created, model, new OpenAiResponses.Delta(null, null),
                            "stop"));
                    out.write(DONE);
                    out.flush();
                    return;
                } else if (signal instanceof Failure failure) {
                    event(out, failure.error() instanceof ModelException e ? OpenAiErrors.body(e)
                            : OpenAiErrors.body(500, "the model stream failed"));
                    return;
                }
            }
        } catch (IOException e) {
            subscription.cancel(); // the client went away
            throw e;
        } catch (InterruptedException e) {
            subscription.cancel();
            Thread.currentThread().interrupt();
        }
    }

    private void event(OutputStream out, Object data) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(mapper.writeValueAsBytes(data));
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
