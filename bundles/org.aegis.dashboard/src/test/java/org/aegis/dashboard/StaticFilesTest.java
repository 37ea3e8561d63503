package org.aegis.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticFilesTest {
    private static final String SCRIPT = "/assets/index-3f2a9c.js";

    private final StaticFiles files = new StaticFiles(Map.of(
            "/index.html", url("index.html"),
            SCRIPT, url("index-3f2a9c.js"),
            "/assets/index-b71e.css", url("index-b71e.css")));

    @Test
    void theRootIsThePage() {
        assertEquals("/index.html", files.find("").orElseThrow().path());
        assertEquals("/index.html", files.find("/").orElseThrow().path());
        assertEquals("/index.html", files.find("/index.html").orElseThrow().path());
    }

    @Test
    void onlyIndexedPathsAreServed() {
        assertEquals(url("index-3f2a9c.js"), files.find(SCRIPT).orElseThrow().content());
        assertTrue(files.find("/assets/missing.js").isEmpty());
        assertTrue(files.find("/assets/../index.html").isEmpty());
        assertTrue(files.find("/assets/").isEmpty());
        assertTrue(files.find("/api/health").isEmpty());
    }

    @Test
    void hashedAssetsAreKeptForeverAndThePageNever() {
        assertEquals("public, max-age=31536000, immutable", files.find(SCRIPT).orElseThrow().cacheControl());
        assertEquals("no-store", files.find("/").orElseThrow().cacheControl());
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertEquals("text/html; charset=utf-8", files.find("/").orElseThrow().contentType());
        assertEquals("text/javascript; charset=utf-8", files.find(SCRIPT).orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", files.find("/assets/index-b71e.css").orElseThrow().contentType());
        assertEquals("image/svg+xml", StaticFiles.contentType("/assets/logo-1a2b.SVG"));
        assertEquals("font/woff2", StaticFiles.contentType("/assets/font-9f.woff2"));
        assertEquals("application/octet-stream", StaticFiles.contentType("/assets/blob-77.bin"));
        assertEquals("application/octet-stream", StaticFiles.contentType("/assets/no-extension"));
    }

    @Test
    void aBundleWithoutThePageIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StaticFiles(Map.of(SCRIPT, url("index-3f2a9c.js"))));
        assertTrue(e.getMessage().contains("npm run build"), e.getMessage());
    }

    private static URL url(String name) {
        try {
            return new URL("file:/dashboard/" + name);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
