package org.aegis.dashboard;

import java.io.IOException;
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
 * Serves the dashboard's files from the bundle. The REST API's JAX-RS whiteboard owns {@code /*} of the same
 * context; this servlet claims only the exact {@code /index.html} and the longer prefix {@code /assets/*}, which
 * the servlet mapping rules prefer, so {@code /api}, {@code /v1} and {@code /ws} stay where they are. The bare
 * root is {@link RootPreprocessor}'s. The files are public; the data comes from the API with the user's token.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("aegis-dashboard")
@HttpWhiteboardServletPattern({StaticFiles.INDEX, StaticFiles.HASHED + "*"})
public class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);

    private final transient StaticFiles files;

    @Activate
    public DashboardServlet(BundleContext context) {
        this.files = StaticFiles.of(context.getBundle());
        LOG.info("Dashboard serves {} files at /", files.size());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(request, response, false);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(request, response, true);
    }

    private void send(HttpServletRequest request, HttpServletResponse response, boolean headOnly) throws IOException {
        String path = request.getServletPath() + Optional.ofNullable(request.getPathInfo()).orElse("");
        Optional<StaticFiles.Asset> asset = files.find(path);
        if (asset.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        asset.get().send(response, headOnly);
    }
}
