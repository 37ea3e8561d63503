package org.aegis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.CharConversionException;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** Turns exceptions into the API's JSON errors with a message that says what was wrong. */
final class ErrorMappers {
    private ErrorMappers() {
    }

    /** A body Jackson could not read: say where and why, without echoing the whole body back. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "malformed JSON body: unknown field '" + unknown.getPropertyName() + "', expected one of "
                    + unknown.getKnownPropertyIds();
        }
        String reason = e.getOriginalMessage();
        if (reason != null && reason.length() > 200) {
            reason = reason.substring(0, 200) + "…";
        }
        var location = e.getLocation();
        return "malformed JSON body: " + reason
                + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }

    /** The request's path relative to the API root; empty outside a request (e.g. in unit tests). */
    static String path(UriInfo uriInfo) {
        try {
            return uriInfo == null ? "" : uriInfo.getPath();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * What is wrong with a body Jackson could not read, if that is behind the exception: bad JSON, or bytes that
     * are no text in any Unicode encoding (Jackson reports those as a CharConversionException); {@code null} when
     * the exception is about something else.
     */
    static String malformedBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return describe(json);
            }
            if (t instanceof CharConversionException encoding) {
                return "malformed JSON body: not UTF-8, UTF-16 or UTF-32 text: " + encoding.getMessage();
            }
        }
        return null;
    }

    /**
     * The answer when the request's body is behind the exception: 413 or 408 when it was refused while it was read
     * (too large, too slow), 400 when it is no JSON of the expected shape; {@code null} for any other exception.
     */
    static Response unreadableBody(Throwable e, UriInfo uriInfo) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyRefusedException refused) {
                return ApiError.response(path(uriInfo), refused.status(), refused.getMessage());
            }
        }
        String malformed = malformedBody(e);
        return malformed == null ? null : ApiError.response(path(uriInfo), 400, malformed);
    }
}
