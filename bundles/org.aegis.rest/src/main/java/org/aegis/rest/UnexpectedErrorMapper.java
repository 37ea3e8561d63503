package org.aegis.rest;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bad JSON and rejected arguments are the client's 400; anything else is logged and answered 500 without internals. */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("aegis.errors.unexpected")
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Exception e) {
        Response unreadable = ErrorMappers.unreadableBody(e, uriInfo);
        if (unreadable != null) {
            return unreadable;
        }
        if (e instanceof IllegalArgumentException) {
            return ApiError.response(ErrorMappers.path(uriInfo), 400, e.getMessage());
        }
        LOG.error("Unexpected error in the REST API", e);
        return ApiError.response(ErrorMappers.path(uriInfo), 500, "internal error; see the node's log");
    }
}
