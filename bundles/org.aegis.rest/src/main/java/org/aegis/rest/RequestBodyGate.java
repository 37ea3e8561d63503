package org.aegis.rest;

import java.io.IOException;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;

/**
 * Keeps a refused request's body unread. Before CXF writes any response it drains what is left of the request
 * body (up to 16 MiB) so that the connection can be reused; for a refused caller who sends that body a byte every
 * few seconds, the drain held a worker thread until the body was done, and some 60 such connections without a
 * token took them all. Once {@link SecurityFilter} marks a request refused, its body reads as ended: the drain
 * returns at once and the container closes the connection instead of reading on.
 */
// a name of its own: pax-web registers one preprocessor per filter name and leaves the others waiting
@Component(service = Preprocessor.class)
@HttpWhiteboardFilterName("aegis.rest.body-gate")
public class RequestBodyGate implements Preprocessor {
    /** Request attribute set when the request is refused: its body is never read after that. */
    static final String REFUSED = "aegis.body.refused";

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request instanceof HttpServletRequest http ? new GatedRequest(http) : request, response);
    }

    @Override
    public void destroy() {
        // nothing to release
    }

    private static final class GatedRequest extends HttpServletRequestWrapper {
        private ServletInputStream gated;

        GatedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (gated == null) {
                gated = new GatedInput(super.getInputStream(), this);
            }
            return gated;
        }
    }

    private static final class GatedInput extends ServletInputStream {
        private final ServletInputStream body;
        private final ServletRequest request;

        GatedInput(ServletInputStream body, ServletRequest request) {
            this.body = body;
            this.request = request;
        }

        private boolean refused() {
            return request.getAttribute(REFUSED) != null;
        }

        @Override
        public int read() throws IOException {
            return refused() ? -1 : body.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return refused() ? -1 : body.read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            return refused() ? 0 : body.available();
        }

        @Override
        public boolean isFinished() {
            return refused() || body.isFinished();
        }

        @Override
        public boolean isReady() {
            return refused() || body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
