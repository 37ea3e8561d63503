package org.aegis.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;

/**
 * The dashboard's built files, indexed once by the path they are served at. A request is answered by looking its
 * path up in this index, never by resolving it against a folder, so no request can reach any other file.
 */
final class StaticFiles {
    /** Where the build puts the page inside the bundle. */
    static final String ROOT = "web";
    static final String INDEX = "/index.html";
    /** Vite names everything here by its content hash: a changed file gets a new name, so it may be kept forever. */
    static final String HASHED = "/assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** index.html names the current assets: a browser must fetch it again every time. */
    static final String NOT_STORED = "no-store";
    /** The page talks to its own origin only (REST and the /ws stream) and may not be framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** A file as it is served. */
    record Asset(String path, URL content, String contentType, String cacheControl) {

        /** Answers with this file: its type, caching and security headers, and the content unless {@code headOnly}. */
        void send(HttpServletResponse response, boolean headOnly) throws IOException {
            URLConnection connection = content.openConnection();
            response.setContentType(contentType);
            response.setHeader("Cache-Control", cacheControl);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            if (path.equals(INDEX)) {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            }
            long length = connection.getContentLengthLong();
            if (length >= 0) {
                response.setContentLengthLong(length);
            }
            try (InputStream in = connection.getInputStream()) {
                if (!headOnly) {
                    OutputStream out = response.getOutputStream();
                    in.transferTo(out);
                    out.flush();
                }
            }
        }
    }

    private final Map<String, Asset> byPath;

    /** @param files the content of each file by the path it is served at, such as {@code /assets/index-3f2a.js} */
    StaticFiles(Map<String, URL> files) {
        if (!files.containsKey(INDEX)) {
            throw new IllegalStateException("the dashboard has no " + INDEX + ": the bundle was built without its page"
                    + " (the Maven build runs 'npm ci' and 'npm run build' in bundles/org.aegis.dashboard/web)");
        }
        Map<String, Asset> index = new HashMap<>();
        files.forEach((path, url) -> index.put(path, new Asset(path, url, contentType(path), cacheControl(path))));
        this.byPath = Map.copyOf(index);
    }

    /** Indexes the files the bundle carries under {@link #ROOT}. */
    static StaticFiles of(Bundle bundle) {
        Map<String, URL> files = new HashMap<>();
        Enumeration<URL> entries = bundle.findEntries(ROOT, "*", true);
        while (entries != null && entries.hasMoreElements()) {
            URL entry = entries.nextElement();
            String path = entry.getPath();
            if (!path.endsWith("/")) {
                files.put(path.substring(path.indexOf('/' + ROOT + '/') + ROOT.length() + 1), entry);
            }
        }
        return new StaticFiles(files);
    }

    /** The file served at {@code path}; the root is the page itself. */
    Optional<Asset> find(String path) {
        return Optional.ofNullable(byPath.get(path.isEmpty() || path.equals("/") ? INDEX : path));
    }

    int size() {
        return byPath.size();
    }

    static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    static String cacheControl(String path) {
        return path.startsWith(HASHED) ? IMMUTABLE : NOT_STORED;
    }
}
