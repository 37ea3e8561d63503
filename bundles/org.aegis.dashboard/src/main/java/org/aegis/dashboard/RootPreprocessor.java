package org.aegis.dashboard;

import java.io.IOException;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;

/**
 * Answers {@code GET /} with the dashboard's page. A servlet cannot claim the bare root here: the servlet spec's
 * root mapping {@code ""} ranks below a prefix in Jetty 9.4, and the JAX-RS whiteboard's {@code /*} is a prefix.
 * A preprocessor sees each request before any mapping; everything but the root goes on untouched.
 */
// a name of its own: pax-web registers one preprocessor per filter name and leaves the others waiting
@Component(service = Preprocessor.class)
@HttpWhiteboardFilterName("aegis.dashboard.root")
public class RootPreprocessor implements Preprocessor {
    private final StaticFiles.Asset page;

    @Activate
    public RootPreprocessor(BundleContext context) {
        this(StaticFiles.of(context.getBundle()));
    }

    RootPreprocessor(StaticFiles files) {
        this.page = files.find(StaticFiles.INDEX).orElseThrow();
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && isRoot(http) && isRead(http.getMethod())) {
            page.send(answer, http.getMethod().equals("HEAD"));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isRoot(HttpServletRequest request) {
        return "/".equals(request.getRequestURI());
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
