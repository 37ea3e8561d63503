package org.aegis.rest;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The JSON body of every error the API returns: {@code {"status": 400, "error": "what was wrong"}}; under
 * {@code /v1} OpenAI's error shape instead (see {@link OpenAiErrors}).
 */
public record ApiError(int status, String error) {

    static Response response(int status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status, error)).build();
    }

    /** The error in the shape of the endpoint at {@code path} (relative to the API root). */
    static Response response(String path, int status, String error) {
        return OpenAiErrors.isOpenAiPath(path) ? OpenAiErrors.response(status, error) : response(status, error);
    }
}
