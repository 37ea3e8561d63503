package org.aegis.rest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The node's metrics history, kept at 1 Hz in the store. */
@Component(service = MetricsHistoryResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/metrics/history")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsHistoryResource {
    static final Duration DEFAULT_SPAN = Duration.ofHours(1);
    static final Duration DEFAULT_STEP = Duration.ofSeconds(10);

    public record HistoryView(Instant from, Instant to, double stepSeconds, List<MetricsMessage> points) {
    }

    private final Clock clock = Clock.systemUTC();

    @Reference
    MetricsEngine metrics;

    /**
     * @param from ISO-8601 instant or epoch seconds; one hour before {@code to} when absent
     * @param to   ISO-8601 instant or epoch seconds; now when absent
     * @param step ISO-8601 duration or seconds; 10 s when absent
     */
    @GET
    public HistoryView history(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("step") String step) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : instant("from", from);
        Duration interval = step == null ? DEFAULT_STEP : duration(step);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        return new HistoryView(start, end, interval.toMillis() / 1000.0,
                MetricsMessage.of(metrics.history(start, end, interval)));
    }

    static Instant instant(String name, String text) {
        try {
            return isNumber(text) ? Instant.ofEpochMilli(new BigDecimal(text).movePointRight(3).longValueExact())
                    : Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z or epoch seconds, was '" + text + "'");
        }
    }

    static Duration duration(String text) {
        try {
            Duration step = isNumber(text) ? Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact())
                    : Duration.parse(text);
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("'step' must be positive, was '" + text + "'");
            }
            return step;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'step' must be an ISO-8601 duration such as PT10S or seconds, was '"
                    + text + "'");
        }
    }

    private static boolean isNumber(String text) {
        return text.matches("-?\\d+(\\.\\d+)?");
    }
}
