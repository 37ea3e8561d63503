package org.aegis.monitoring;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.annotation.Priority;
import javax.ws.rs.Path;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import org.aegis.api.Registration;
import org.aegis.api.rest.RouteTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Times every REST request that reaches a resource, the platform's and plugins' alike, into one histogram by method,
 * route template (so {@code /api/v1/tokens/{id}}, not each id) and status; its count is the request rate. It runs
 * before the security filter and sees its answer last, so refused requests are counted with their 401 or 429.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName("aegis.monitoring.requests")
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = "aegis.monitoring.started";
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final Histogram duration = Histogram.builder().name("aegis_http_server_request_duration_seconds")
            .help("REST requests by method, route template and status").unit(Unit.SECONDS)
            .labelNames("method", "route", "status").classicOnly().build();
    /**
     * The timers of each resource method seen, so that a request reads no annotations; kept with the resource class
     * itself, so an updated plugin's old classes are not held here.
     */
    private final ClassValue<Map<Method, RouteTimers>> routes = new ClassValue<>() {
        @Override
        protected Map<Method, RouteTimers> computeValue(Class<?> resource) {
            return new ConcurrentHashMap<>();
        }
    };
    private final RouteTimers unmatched = new RouteTimers("unmatched", false);
    /**
     * When the request this thread is serving started: a request and its response filters run on one thread unless
     * the resource method suspends, so the start needs no boxed {@code Long} in the request's properties. A
     * {@code long[]}, a JDK type, so a Jetty thread's map does not keep this bundle's class loader after an update.
     */
    private final ThreadLocal<long[]> threadStarted = ThreadLocal.withInitial(() -> new long[] {NOT_STARTED});
    private final Registration registration;

    @Context
    ResourceInfo resourceInfo;

    @Activate
    public RequestMetricsFilter(@Reference MonitoringRegistry registry) {
        this.registration = registry.register(duration);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (timers(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod()).suspends) {
            request.setProperty(STARTED, System.nanoTime()); // answered on another thread
        } else {
            threadStarted.get()[0] = System.nanoTime();
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        long[] onThread = threadStarted.get();
        long started = onThread[0];
        onThread[0] = NOT_STARTED;
        if (started == NOT_STARTED) {
            if (!(request.getProperty(STARTED) instanceof Long suspended)) {
                return; // not matched to a resource: no route to count it under
            }
            started = suspended;
        }
        Method method = resourceInfo.getResourceMethod();
        Class<?> resource = resourceInfo.getResourceClass();
        timers(resource, method).of(duration, request.getMethod(), response.getStatus())
                .observe((System.nanoTime() - started) / 1e9);
    }

    private RouteTimers timers(Class<?> resource, Method method) {
        if (method == null || resource == null) {
            return unmatched;
        }
        Map<Method, RouteTimers> ofResource = routes.get(resource);
        RouteTimers timers = ofResource.get(method);
        return timers != null ? timers : ofResource.computeIfAbsent(method,
                m -> new RouteTimers(template(resource, m), suspends(m)));
    }

    /**
     * The histogram's data points of one route, by HTTP method and status, each made on its first request: after
     * that a request finds its data point without allocating (no label array, no status string, no lookup key).
     */
    static final class RouteTimers {
        private static final int STATUSES = 600;
        private final String route;
        /** Whether the resource method suspends its response ({@code @Suspended AsyncResponse}). */
        final boolean suspends;
        private final Map<String, AtomicReferenceArray<DistributionDataPoint>> byMethod = new ConcurrentHashMap<>();

        RouteTimers(String route, boolean suspends) {
            this.route = route;
            this.suspends = suspends;
        }

        DistributionDataPoint of(Histogram histogram, String httpMethod, int status) {
            if (status < 0 || status >= STATUSES) {
                return histogram.labelValues(httpMethod, route, Integer.toString(status));
            }
            AtomicReferenceArray<DistributionDataPoint> points = byMethod.get(httpMethod);
            if (points == null) {
                points = byMethod.computeIfAbsent(httpMethod, m -> new AtomicReferenceArray<>(STATUSES));
            }
            DistributionDataPoint point = points.get(status);
            if (point == null) {
                // the histogram returns the same data point for the same labels: a race makes it twice, harmlessly
                point = histogram.labelValues(httpMethod, route, Integer.toString(status));
                points.set(status, point);
            }
            return point;
        }
    }

    private static boolean suspends(Method method) {
        return Arrays.stream(method.getParameterAnnotations()).flatMap(Arrays::stream)
                .anyMatch(annotation -> annotation instanceof Suspended);
    }

    /** The route template of a resource method. */
    static String template(Class<?> resource, Method method) {
        Path onClass = resource == null ? null : resource.getAnnotation(Path.class);
        Path onMethod = method.getAnnotation(Path.class);
        return RouteTemplate.of(onClass == null ? null : onClass.value(), onMethod == null ? null : onMethod.value())
                .value();
    }
}
