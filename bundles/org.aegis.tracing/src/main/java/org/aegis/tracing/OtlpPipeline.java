package org.aegis.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The SDK while tracing is on: a tracer provider whose batch span processor exports over OTLP/HTTP. It owns two
 * kinds of threads, both stopped by {@link #shutdown()}: the processor's worker ({@code BatchSpanProcessor_WorkerThread})
 * and the export threads ({@code aegis-tracing-export-N}) the JDK sender sends on, given to it here so that this
 * bundle, not the library, stops them.
 *
 * <p>The JDK's {@code HttpClient} the sender makes has a selector thread of its own ({@code HttpClient-N-SelectorManager}):
 * on Java 21 and later the sender closes the client at shutdown; on Java 17, where an {@code HttpClient} cannot be
 * closed, that thread ends by itself once the client is garbage collected (it checks every few seconds).
 */
final class OtlpPipeline {
    static final String EXPORT_THREAD = "aegis-tracing-export-";
    private static final int MAX_EXPORT_BATCH = 512;
    private static final int WAKE_ATTEMPTS = 200;
    /** Above the export timeout: the last flush may take that long, then the exporter closes. */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(2);

    private final TracingSettings settings;
    private final ExecutorService exportThreads;
    private final BatchSpanProcessor processor;
    private final SdkTracerProvider provider;

    private OtlpPipeline(TracingSettings settings, ExecutorService exportThreads, BatchSpanProcessor processor,
            SdkTracerProvider provider) {
        this.settings = settings;
        this.exportThreads = exportThreads;
        this.processor = processor;
        this.provider = provider;
    }

    /**
     * Builds the exporter and starts the processor's worker.
     *
     * @param resource describes this node on every span
     */
    static OtlpPipeline start(TracingSettings settings, Resource resource) {
        ExecutorService exportThreads = exportThreads();
        try {
            OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(settings.endpoint().toString())
                    .setTimeout(settings.exportTimeout())
                    .setExecutorService(exportThreads)
                    // the sender is found with ServiceLoader: in this bundle, not on the thread's context loader
                    .setComponentLoader(ComponentLoader.forClassLoader(OtlpPipeline.class.getClassLoader()));
            settings.headers().forEach(exporter::addHeader);
            BatchSpanProcessor processor = BatchSpanProcessor.builder(exporter.build())
                    .setScheduleDelay(settings.exportDelay())
                    .setExporterTimeout(settings.exportTimeout())
                    .setMaxQueueSize(settings.maxQueueSize())
                    .setMaxExportBatchSize(Math.min(MAX_EXPORT_BATCH, settings.maxQueueSize()))
                    .build();
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setResource(resource)
                    // new traces come sampled already (OtelTracing decides them before a span exists)
                    .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                    .addSpanProcessor(processor)
                    .build();
            return new OtlpPipeline(settings, exportThreads, processor, provider);
        } catch (RuntimeException e) {
            exportThreads.shutdownNow();
            throw e;
        }
    }

    Tracer tracer(String scopeName, String version) {
        return provider.tracerBuilder(scopeName).setInstrumentationVersion(version).build();
    }

    /**
     * Exports the spans still queued, closes the exporter and stops every thread this pipeline started; waits at
     * most the export timeout and a little more.
     *
     * @return whether all of it was done in time
     */
    boolean shutdown() {
        long waitMs = settings.exportTimeout().plus(SHUTDOWN_MARGIN).toMillis();
        boolean flushed = provider.shutdown().join(waitMs, TimeUnit.MILLISECONDS).isSuccess();
        wakeStoppedWorker();
        exportThreads.shutdown();
        try {
            if (!exportThreads.awaitTermination(SHUTDOWN_MARGIN.toMillis(), TimeUnit.MILLISECONDS)) {
                exportThreads.shutdownNow();
                return false;
            }
        } catch (InterruptedException e) {
            exportThreads.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
        return flushed;
    }

    /**
     * The processor's worker, stopped, still sleeps out the export delay before it looks again whether to go on
     * (OpenTelemetry 1.68): a flush request wakes it, and it ends. The request is taken only once the worker has
     * cleared the shutdown's own; until then the answer is that one, already done, and it is asked again.
     */
    private void wakeStoppedWorker() {
        for (int attempt = 0; attempt < WAKE_ATTEMPTS; attempt++) {
            if (!processor.forceFlush().isDone()) {
                return; // ours is pending: the worker was signalled (it never answers it, being stopped)
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Started on demand, ended after a minute idle, like the sender's own pool; daemons, never blocking an exit. */
    private static ExecutorService exportThreads() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, EXPORT_THREAD + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
