package org.aegis.api.rest;

/**
 * The route template of a resource method, the low-cardinality name that metrics and traces give a REST call:
 * {@code /api/v1/tokens/{id}}, not each id.
 *
 * @param value the template, starting with a single slash, no slash doubled or trailing
 */
public record RouteTemplate(String value) {
    /**
     * The value of a resource class's {@code @Path} joined with its method's ({@code null} where there is none), with
     * single slashes.
     */
    public static RouteTemplate of(String classPath, String methodPath) {
        String joined = "/" + (classPath == null ? "" : classPath) + "/" + (methodPath == null ? "" : methodPath);
        String route = joined.replaceAll("/+", "/");
        return new RouteTemplate(route.length() > 1 && route.endsWith("/")
                ? route.substring(0, route.length() - 1) : route);
    }

    @Override
    public String toString() {
        return value;
    }
}
