package org.aegis.rest;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** The JSON body of every error the API returns: {@code {"status": 400, "error": "what was wrong"}}. */
public record ApiError(int status, String error) {

    static Response response(int status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status, error)).build();
    }
}
