package org.aegis.rest;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** 404, 405, 415 and the like as JSON errors instead of the container's HTML pages. */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("aegis.errors.web")
public class WebApplicationErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response unreadable = ErrorMappers.unreadableBody(e, uriInfo);
        if (unreadable != null) {
            return unreadable;
        }
        String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        Response response = ApiError.response(ErrorMappers.path(uriInfo), status, message);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> response.getHeaders().add(name, v));
            }
        });
        return response;
    }
}
