package org.aegis.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPreprocessorTest {
    private static final String PAGE = "<!doctype html><title>AEGIS</title>";

    @TempDir
    Path folder;

    /** What a fake response was given. */
    private static final class Answer {
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String contentType;
        long length = -1;

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> contentType = (String) args[0];
                        case "setContentLengthLong" -> length = (Long) args[0];
                        case "getOutputStream" -> out;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static HttpServletRequest request(String method, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(RootPreprocessorTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private RootPreprocessor preprocessor() throws IOException {
        Path index = Files.writeString(folder.resolve("index.html"), PAGE);
        return new RootPreprocessor(new StaticFiles(Map.of(StaticFiles.INDEX, index.toUri().toURL())));
    }

    @Test
    void theRootIsAnsweredWithThePage() throws Exception {
        Answer answer = new Answer();
        AtomicBoolean passedOn = new AtomicBoolean();
        preprocessor().doFilter(request("GET", "/"), answer.response(), (req, res) -> passedOn.set(true));
        assertFalse(passedOn.get());
        assertEquals(PAGE, answer.body.toString(StandardCharsets.UTF_8));
        assertEquals("text/html; charset=utf-8", answer.contentType);
        assertEquals(PAGE.length(), answer.length);
        assertEquals("no-store", answer.headers.get("Cache-Control"));
        assertEquals("nosniff", answer.headers.get("X-Content-Type-Options"));
        assertTrue(answer.headers.get("Content-Security-Policy").contains("frame-ancestors 'none'"));
    }

    @Test
    void headGetsTheHeadersOnly() throws Exception {
        Answer answer = new Answer();
        preprocessor().doFilter(request("HEAD", "/"), answer.response(), (req, res) -> {
            throw new AssertionError("passed on");
        });
        assertEquals(0, answer.body.size());
        assertEquals(PAGE.length(), answer.length);
    }

    @Test
    void everythingElseGoesOnUntouched() throws Exception {
        RootPreprocessor preprocessor = preprocessor();
        for (HttpServletRequest other : new HttpServletRequest[] {request("GET", "/api/health"),
                request("POST", "/"), request("GET", "/ws"), request("GET", "/index.html")}) {
            AtomicBoolean passedOn = new AtomicBoolean();
            Answer answer = new Answer();
            preprocessor.doFilter(other, answer.response(), (req, res) -> passedOn.set(true));
            assertTrue(passedOn.get(), other.getMethod() + " " + other.getRequestURI());
            assertTrue(answer.headers.isEmpty());
        }
    }
}
