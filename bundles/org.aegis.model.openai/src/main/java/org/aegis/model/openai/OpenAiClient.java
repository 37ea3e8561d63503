package org.aegis.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.aegis.api.model.ModelException;

/**
 * The HTTP side of one provider: a JDK {@link HttpClient} on the provider's own threads, JSON bodies, at most
 * maxConcurrentRequests calls in flight ({@link Admission}), a deadline on every call, bounded response bodies, and
 * every failure mapped by {@link Failures}. {@link #close} ends every call still in flight.
 */
final class OpenAiClient implements AutoCloseable {
    private final ProviderSettings settings;
    private final ObjectMapper json;
    private final Failures failures;
    private final ProviderThreads threads;
    private final HttpClient http;
    private final Admission admission;

    OpenAiClient(ProviderSettings settings, ObjectMapper json, Failures failures, ProviderThreads threads) {
        this.settings = settings;
        this.json = json;
        this.failures = failures;
        this.threads = threads;
        this.admission = new Admission(settings.id(), settings.maxConcurrentRequests(), failures);
        this.http = HttpClient.newBuilder()
                .executor(threads.http())
                .connectTimeout(settings.connectTimeout())
                // a redirect must not carry the bearer token elsewhere
                .followRedirects(HttpClient.Redirect.NEVER)
                // over plain http, HTTP/2 means an h2c upgrade request, which some servers log as unsupported
                .version("https".equalsIgnoreCase(settings.baseUri().getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** POST {base}{path} with a JSON body; the JSON answer as {@code type}. Takes a permit. */
    <T> CompletableFuture<T> post(String path, Object body, Class<T> type) {
        return exchange("POST", path, body, type, true);
    }

    /** GET {base}{path}; the JSON answer as {@code type}. Takes no permit: for the provider's own discovery. */
    <T> CompletableFuture<T> get(String path, Class<T> type) {
        return exchange("GET", path, null, type, false);
    }

    /**
     * POST {base}{path} with a JSON body asking for a stream: a cold publisher, each subscription sends the request
     * and holds a permit until it ends. See {@link ChatStream}.
     */
    Flow.Publisher<String> chatStream(String path, Object body) {
        String call = "POST " + path + " (stream)";
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            HttpRequest request = request("POST", path, body, true);
            ChatStream stream = new ChatStream(subscriber, call, settings, json, failures, threads.timer(),
                    admission::finished);
            subscriber.onSubscribe(stream);
            if (admission.admit(stream, true)) {
                stream.start(http, request, threads.http());
            }
        };
    }

    /** Ends every call in flight with UNAVAILABLE and refuses new ones. */
    @Override
    public void close() {
        admission.close();
    }

    /** Calls in flight now. */
    int inFlight() {
        return admission.inFlight();
    }

    private <T> CompletableFuture<T> exchange(String method, String path, Object body, Class<T> type,
            boolean counted) {
        String call = method + " " + path;
        HttpRequest request = request(method, path, body, false);
        Exchange<T> exchange = new Exchange<>(call, type);
        if (admission.admit(exchange, counted)) {
            exchange.start(request);
        }
        return exchange.result;
    }

    private HttpRequest request(String method, String path, Object body, boolean stream) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.endpoint(path))
                .header("Accept", stream ? "text/event-stream" : "application/json");
        settings.apiKey().bearer().ifPresent(bearer -> builder.header("Authorization", bearer));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a " + body.getClass().getSimpleName(), e);
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    /** One request with a JSON answer, read into memory (bounded) within the request timeout. */
    private final class Exchange<T> implements Admission.Call {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final String call;
        private final Class<T> type;
        private volatile CompletableFuture<HttpResponse<byte[]>> sent;
        private volatile BoundedBody body;
        private volatile ScheduledFuture<?> deadline;

        Exchange(String call, Class<T> type) {
            this.call = call;
            this.type = type;
        }

        void start(HttpRequest request) {
            result.whenComplete((value, failure) -> end(failure));
            try {
                deadline = threads.timer().schedule(() -> result.completeExceptionally(failures.timeout(call,
                        "no complete answer within " + settings.requestTimeout())),
                        settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                fail(failures.stopped());
                return;
            }
            CompletableFuture<HttpResponse<byte[]>> response = http.sendAsync(request, this::bodyFor);
            sent = response;
            // sendAsync completes its future on the common pool: decode on the provider's threads instead
            response.whenCompleteAsync((answer, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failures.of(failure, call));
                } else if (answer.statusCode() / 100 != 2) {
                    result.completeExceptionally(failures.status(answer.statusCode(), call, answer.body()));
                } else {
                    decode(answer.body());
                }
            }, threads.http());
            if (result.isDone()) {
                response.cancel(true);
            }
        }

        @Override
        public void fail(ModelException cause) {
            result.completeExceptionally(cause);
        }

        private HttpResponse.BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
            BoundedBody bounded = info.statusCode() / 100 == 2
                    ? BoundedBody.failing(settings.maxResponseBytes(),
                            info.headers().firstValueAsLong("Content-Length").orElse(-1),
                            () -> failures.tooLarge(call, settings.maxResponseBytes()))
                    : BoundedBody.truncating(Failures.ERROR_BODY_BYTES);
            body = bounded;
            if (result.isDone()) {
                bounded.abort(failures.stopped());
            }
            return bounded;
        }

        private void decode(byte[] bytes) {
            try {
                T value = json.readValue(bytes, type);
                if (value == null) {
                    result.completeExceptionally(failures.malformed(call, "the body is JSON null"));
                } else {
                    result.complete(value);
                }
            } catch (IOException e) {
                result.completeExceptionally(failures.of(e, call));
            }
        }

        /** Runs once the result is settled: stops the clock and, after a failure, the transfer. */
        private void end(Throwable failure) {
            ScheduledFuture<?> clock = deadline;
            if (clock != null) {
                clock.cancel(false);
            }
            if (failure != null) {
                CompletableFuture<?> response = sent;
                if (response != null) {
                    response.cancel(true);
                }
                BoundedBody bounded = body;
                if (bounded != null) {
                    bounded.abort(failure);
                }
            }
            admission.finished(this);
        }
    }
}
