package org.aegis.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the dashboard's files from the bundle at {@code /} of the node's HTTP port. The REST API's JAX-RS
 * whiteboard owns {@code /*} of the same context; this servlet claims only the exact root, {@code /index.html} and
 * the longer prefix {@code /assets/*}, which the servlet mapping rules prefer, so {@code /api}, {@code /v1} and
 * {@code /ws} stay where they are. The files are public; the data comes from the API with the user's token.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("aegis-dashboard")
@HttpWhiteboardServletPattern({"", StaticFiles.INDEX, StaticFiles.HASHED + "*"})
public class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The page talks to its own origin only (REST and the /ws stream) and may not be framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);

    private final transient StaticFiles files;

    @Activate
    public DashboardServlet(BundleContext context) {
        this(StaticFiles.of(context.getBundle()));
        LOG.info("Dashboard serves {} files at /", files.size());
    }

    DashboardServlet(StaticFiles files) {
        this.files = files;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + Optional.ofNullable(request.getPathInfo()).orElse("");
        Optional<StaticFiles.Asset> found = files.find(path);
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        StaticFiles.Asset asset = found.get();
        URLConnection connection = asset.content().openConnection();
        response.setContentType(asset.contentType());
        response.setHeader("Cache-Control", asset.cacheControl());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (asset.path().equals(StaticFiles.INDEX)) {
            response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        long length = connection.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream in = connection.getInputStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
