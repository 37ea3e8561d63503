package org.aegis.tracing;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Path;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import org.aegis.api.rest.RestApi;
import org.aegis.api.rest.RouteTemplate;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * A server span for every REST request that reaches a resource, the platform's and plugins' alike, named {@code
 * "<METHOD> <route template>"} and continuing the caller's trace when the request has a {@code traceparent} header.
 * It runs before the security filter and sees its answer last, so refused calls are traced with their 401 or 429.
 * While tracing is off it does nothing else than see that it is (no span, no allocation); it stays registered, so
 * that turning tracing on or off does not restart the JAX-RS application.
 *
 * <p>The span is not made current here: a thread-local scope opened in one filter and closed in the other would leak
 * when an asynchronous resource answers on another thread. It is left as the request property {@link
 * RestApi#TRACE_SPAN}, which a resource activates around the work it hands over.
 *
 * <p>The span ends in the response filter, which JAX-RS runs for every answer, error mappers' and refusals included
 * (every exception is mapped to a response by the REST bundle). When none runs (an {@code Error} escaping to the
 * servlet container, a client gone before an asynchronous answer), the span is never ended: it is not exported and
 * goes with the request.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("aegis.tracing.requests")
@Priority(Priorities.AUTHENTICATION - 200)
public class RequestTracingFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private volatile Tracing tracing = Tracing.DISABLED;
    /** The route template of each resource method, read from its annotations once; kept with the class itself. */
    private final ClassValue<RouteTemplates> routes = new ClassValue<>() {
        @Override
        protected RouteTemplates computeValue(Class<?> resource) {
            return new RouteTemplates(resource);
        }
    };

    @Context
    ResourceInfo resourceInfo;

    /** For {@code url.path}: the servlet request has it as a string, where JAX-RS's UriInfo builds a URI per call. */
    @Context
    HttpServletRequest servletRequest;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTracing(Tracing bound) {
        tracing = bound;
    }

    void unbindTracing(Tracing unbound) {
        if (tracing == unbound) {
            tracing = Tracing.DISABLED;
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Tracing tracing = this.tracing;
        if (tracing == Tracing.DISABLED) {
            return;
        }
        String method = request.getMethod();
        Route route = route();
        TraceSpan span = tracing.start(route == null ? method : route.spanName(method), SpanKind.SERVER,
                request.getHeaderString(TraceContext.TRACEPARENT));
        if (!span.recording()) {
            return; // not sampled: the caller's trace goes on, unrecorded, without this span
        }
        span.attribute("http.request.method", method);
        if (route != null) {
            span.attribute("http.route", route.template());
        }
        span.attribute("url.path", servletRequest.getRequestURI());
        request.setProperty(RestApi.TRACE_SPAN, span);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(RestApi.TRACE_SPAN) instanceof TraceSpan span)) {
            return; // not matched to a resource: no request filter ran
        }
        int status = response.getStatus();
        span.attribute("http.response.status_code", status);
        if (status >= 500) {
            span.failed("HTTP " + status);
        }
        span.end();
    }

    /** The matched resource method's route; {@code null} when none is known. */
    private Route route() {
        ResourceInfo info = resourceInfo;
        Class<?> resource = info == null ? null : info.getResourceClass();
        Method method = info == null ? null : info.getResourceMethod();
        return resource == null || method == null ? null : routes.get(resource).of(method);
    }

    /** The routes of one resource class's methods. */
    static final class RouteTemplates {
        private final Path onClass;
        private final Map<Method, Route> byMethod = new ConcurrentHashMap<>();

        RouteTemplates(Class<?> resource) {
            this.onClass = resource.getAnnotation(Path.class);
        }

        Route of(Method method) {
            Route route = byMethod.get(method);
            return route != null ? route : byMethod.computeIfAbsent(method, m -> {
                Path onMethod = m.getAnnotation(Path.class);
                return new Route(RouteTemplate.of(onClass == null ? null : onClass.value(),
                        onMethod == null ? null : onMethod.value()).value());
            });
        }
    }

    /**
     * A resource method's route template, and its span names by HTTP method (a GET method also answers HEAD), made
     * once: a call not sampled then allocates nothing here.
     */
    static final class Route {
        private final String template;
        private final Map<String, String> spanNames = new ConcurrentHashMap<>();

        Route(String template) {
            this.template = template;
        }

        String template() {
            return template;
        }

        String spanName(String httpMethod) {
            String name = spanNames.get(httpMethod);
            return name != null ? name : spanNames.computeIfAbsent(httpMethod, m -> m + " " + template);
        }
    }
}
