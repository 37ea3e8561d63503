package org.aegis.rest;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.aegis.api.model.ModelException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * A model router failure that leaves a resource, typically a plugin's that returns the router's answer as it is, is
 * the client's status by its reason (400, 404, 429, 503, 504) with the router's message, not a 500.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("aegis.errors.model")
public class ModelErrorMapper implements ExceptionMapper<ModelException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ModelException e) {
        return ApiError.response(ErrorMappers.path(uriInfo), OpenAiErrors.status(e.reason()), e.getMessage());
    }
}
