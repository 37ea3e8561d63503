package org.aegis.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/**
 * Turns what went wrong talking to the server into a {@link ModelException} whose reason a client can act on. Every
 * message names the provider and the call, carries the server's own error message when there is one, and never the
 * API key.
 */
final class Failures {
    /** Longest server message quoted in an exception. */
    static final int MAX_QUOTED_CHARS = 500;
    /** The part of an error response read for its message. */
    static final int ERROR_BODY_BYTES = 64 * 1024;

    private final String providerId;
    private final ApiKey apiKey;
    private final ObjectMapper json;

    Failures(String providerId, ApiKey apiKey, ObjectMapper json) {
        this.providerId = providerId;
        this.apiKey = apiKey;
        this.json = json;
    }

    /** The server answered {@code status} (not 2xx) with {@code body}, perhaps truncated. */
    ModelException status(int status, String call, byte[] body) {
        String detail = serverMessage(body);
        String message = providerId + ": " + (detail.isEmpty() ? "HTTP " + status : detail) + " (HTTP " + status
                + " on " + call + ")";
        return new ModelException(reasonOf(status), message);
    }

    /** The answer is not what the OpenAI API promises. */
    ModelException malformed(String call, String detail) {
        return new ModelException(Reason.UNAVAILABLE,
                providerId + ": malformed response to " + call + ": " + quote(detail));
    }

    /** The server reported an error inside a stream that had begun well. */
    ModelException streamError(String call, String eventData) {
        return new ModelException(Reason.UNAVAILABLE, providerId + ": "
                + serverMessage(eventData.getBytes(StandardCharsets.UTF_8)) + " (error event in " + call + ")");
    }

    /** The answer is larger than maxResponseBytes. */
    ModelException tooLarge(String call, long limit) {
        return new ModelException(Reason.LIMIT_EXCEEDED,
                providerId + ": the response to " + call + " exceeds the limit of " + limit + " bytes"
                        + " (maxResponseBytes)");
    }

    ModelException timeout(String call, String what) {
        return new ModelException(Reason.TIMEOUT, providerId + ": " + what + " on " + call);
    }

    ModelException stopped() {
        return new ModelException(Reason.UNAVAILABLE, providerId + ": the provider has stopped");
    }

    /** A failure of the exchange itself: connection, timeout, I/O, or a failure already mapped. */
    ModelException of(Throwable failure, String call) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ModelException mapped) {
            return mapped;
        }
        if (cause instanceof HttpTimeoutException) {
            // HttpConnectTimeoutException included
            return new ModelException(Reason.TIMEOUT,
                    providerId + ": " + quote(String.valueOf(cause.getMessage())) + " on " + call, cause);
        }
        if (cause instanceof JsonProcessingException e) {
            return new ModelException(Reason.UNAVAILABLE,
                    providerId + ": malformed response to " + call + ": " + quote(e.getOriginalMessage()), cause);
        }
        if (cause instanceof ConnectException) {
            return new ModelException(Reason.UNAVAILABLE,
                    providerId + ": cannot connect for " + call + " (connection refused)", cause);
        }
        String kind = cause instanceof IOException ? "I/O error" : cause.getClass().getSimpleName();
        String detail = cause.getMessage() == null ? "" : ": " + quote(cause.getMessage());
        return new ModelException(Reason.UNAVAILABLE, providerId + ": " + kind + " on " + call + detail, cause);
    }

    static Reason reasonOf(int status) {
        return switch (status) {
            case 404 -> Reason.MODEL_NOT_FOUND;
            case 408, 504 -> Reason.TIMEOUT;
            case 429 -> Reason.LIMIT_EXCEEDED;
            // a rejected key is this provider's problem, not the request's: another provider may serve it
            case 401, 403 -> Reason.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? Reason.BAD_REQUEST : Reason.UNAVAILABLE;
        };
    }

    /**
     * The message of an OpenAI error body ({@code {"error": {"message": …}}}), of the other shapes servers use
     * ({@code {"error": "…"}}, {@code {"detail": …}}, {@code {"message": …}}), else the body as text.
     */
    private String serverMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode root = json.readTree(text);
            JsonNode error = root.path("error");
            for (JsonNode candidate : List.of(error.path("message"), error, root.path("detail"), root.path("message"))) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return quote(candidate.asText());
                }
            }
            if (root.path("detail").isContainerNode()) {
                // FastAPI's validation errors (vLLM): a list of objects
                return quote(root.path("detail").toString());
            }
        } catch (IOException notJson) {
            // a proxy's HTML page or plain text: quote it as it is
        }
        return quote(text.strip());
    }

    /** At most {@link #MAX_QUOTED_CHARS} characters, on one line, without the API key. */
    private String quote(String text) {
        String line = apiKey.redact(text).replaceAll("\\s+", " ");
        return line.length() <= MAX_QUOTED_CHARS ? line : line.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}
