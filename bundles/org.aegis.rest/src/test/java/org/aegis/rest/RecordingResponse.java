package org.aegis.rest;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.core.Response;

/** An {@link AsyncResponse} that records what a resource resumes it with. */
final class RecordingResponse {
    final AtomicReference<Response> response = new AtomicReference<>();

    AsyncResponse proxy() {
        return (AsyncResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncResponse.class}, (p, method, args) -> switch (method.getName()) {
                    case "resume" -> response.compareAndSet(null, (Response) args[0]);
                    case "isDone" -> response.get() != null;
                    case "setTimeout" -> true;
                    case "setTimeoutHandler" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    Response await() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (response.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no response within 5 s");
            }
            Thread.onSpinWait();
        }
        return response.get();
    }
}
