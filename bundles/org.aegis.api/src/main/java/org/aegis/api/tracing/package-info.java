/**
 * Distributed tracing: a request's path across the bundles and nodes it touches, as spans of one trace that the
 * tracing bundle exports with OpenTelemetry (OTLP) when an operator turns it on. Bundles, the platform's and
 * plugins', start spans through the {@link org.aegis.api.tracing.Tracing} service and never see OpenTelemetry
 * itself; they carry a trace from node to node as a W3C {@code traceparent} string
 * (<a href="https://www.w3.org/TR/trace-context/">Trace Context</a>), which only the tracing bundle parses.
 *
 * <p>Off (no tracing bundle, or tracing disabled) everything here is {@link org.aegis.api.tracing.Tracing#DISABLED}:
 * no span is recorded, nothing allocated, and {@link org.aegis.api.tracing.Tracing#current()} is {@code null}, so a
 * caller that only traces what already carries a trace does no work at all.
 */
@Export
@Version("1.0.0")
package org.aegis.api.tracing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
