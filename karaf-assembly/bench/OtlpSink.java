import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a collector costs the nodes, without the collector's own work: accepts OTLP/HTTP exports on a loopback port
 * and drops them, answering 200 as a collector does. On exit (SIGTERM) prints the exports and bytes received.
 *
 *   java OtlpSink.java PORT
 */
public final class OtlpSink {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        AtomicLong exports = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/v1/traces", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.readAllBytes().length);
                exports.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(
                "{\"exports\": " + exports.get() + ", \"bytes\": " + bytes.get() + "}")));
        server.start();
    }
}
