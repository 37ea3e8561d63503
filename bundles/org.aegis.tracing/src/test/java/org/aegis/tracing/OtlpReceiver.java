package org.aegis.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A collector's OTLP/HTTP traces endpoint, for tests: counts the protobuf exports it is sent and answers 200. */
final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger exports = new AtomicInteger();
    private final AtomicInteger others = new AtomicInteger();
    private volatile String lastApiKey;

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                boolean export = exchange.getRequestMethod().equals("POST") && bytes.length > 0
                        && "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
                (export ? exports : others).incrementAndGet();
                lastApiKey = exchange.getRequestHeaders().getFirst("x-api-key");
                // an empty ExportTraceServiceResponse: everything accepted
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(export ? 200 : 400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    int exports() {
        return exports.get();
    }

    int others() {
        return others.get();
    }

    String lastApiKey() {
        return lastApiKey;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
