package org.aegis.rest;

import java.io.IOException;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;

/**
 * Refuses a WebSocket upgrade to {@code /ws} before it happens when a browser sends it from a page the node does not
 * trust: another origin than the node's own and {@code allowedOrigins}, or, without a token, a Host that is not a
 * name of this node (DNS rebinding). Browsers let any page open a WebSocket anywhere; only the server can say no.
 * (The endpoint itself cannot see the upgrade's headers: the whiteboard registers it with a configurator of its
 * own.)
 */
@Component(service = Preprocessor.class, configurationPid = RestConfig.PID)
@HttpWhiteboardFilterName("aegis.rest.websocket-origin")
public class WebSocketOriginCheck implements Preprocessor {
    private final OriginPolicy origins;

    @Activate
    public WebSocketOriginCheck(RestConfig config) {
        this.origins = new OriginPolicy(config.allowedHosts(), config.allowedOrigins());
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && MetricsStream.PATH.equals(http.getRequestURI()) && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            String refusal = refusal(http);
            if (refusal != null) {
                answer.sendError(HttpServletResponse.SC_FORBIDDEN, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private String refusal(HttpServletRequest upgrade) {
        String origin = upgrade.getHeader("Origin");
        String host = upgrade.getHeader("Host");
        if (!origins.originAllowed(origin, host)) {
            return "origin " + origin + " may not open this stream; allow it with allowedOrigins of " + RestConfig.PID;
        }
        if (upgrade.getParameter("access_token") == null && !origins.hostAllowed(host)) {
            return "Host '" + host + "' is not a name of this node: send a token, or add it to allowedHosts of "
                    + RestConfig.PID;
        }
        return null;
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
