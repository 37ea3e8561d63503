package org.aegis.api.tracing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The time a span is its thread's current one (see {@link TraceSpan#activate()}); closing it restores the span that
 * was current before. Close it on the thread that opened it, in a try-with-resources block.
 */
@ProviderType
public interface TraceScope extends AutoCloseable {
    /** A scope that restores nothing. */
    TraceScope NONE = () -> { };

    @Override
    void close();
}
