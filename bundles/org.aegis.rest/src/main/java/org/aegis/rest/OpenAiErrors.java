package org.aegis.rest;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.model.ModelException;

/**
 * Errors of the OpenAI-compatible endpoints under {@code /v1}, in OpenAI's shape
 * {@code {"error": {"message", "type", "param", "code"}}} so that OpenAI clients show them as they would OpenAI's.
 */
final class OpenAiErrors {
    /** The path prefix (relative to the API root, as JAX-RS reports it) of the OpenAI-compatible endpoints. */
    static final String PATH = "v1";

    public record Body(Detail error) {
    }

    public record Detail(String message, String type, String param, String code) {
    }

    private OpenAiErrors() {
    }

    static boolean isOpenAiPath(String path) {
        String relative = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        return relative.equals(PATH) || relative.startsWith(PATH + "/");
    }

    /** The status a model failure is answered with. */
    static int status(ModelException.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> 400;
            case MODEL_NOT_FOUND -> 404;
            case LIMIT_EXCEEDED -> 429;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
        };
    }

    static Body body(ModelException e) {
        String code = switch (e.reason()) {
            case BAD_REQUEST -> "invalid_request";
            case MODEL_NOT_FOUND -> "model_not_found";
            case LIMIT_EXCEEDED -> "limit_exceeded";
            case UNAVAILABLE -> "model_unavailable";
            case TIMEOUT -> "timeout";
        };
        return new Body(new Detail(e.getMessage(), type(status(e.reason())), null, code));
    }

    static Body body(int status, String message) {
        return new Body(new Detail(message, type(status), null, code(status)));
    }

    static Response response(ModelException e) {
        return Response.status(status(e.reason())).type(MediaType.APPLICATION_JSON_TYPE).entity(body(e)).build();
    }

    static Response response(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(status, message)).build();
    }

    private static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String code(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 403 -> "insufficient_role";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }
}
