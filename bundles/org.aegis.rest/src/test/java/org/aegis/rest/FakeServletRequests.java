package org.aegis.rest;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Principal;

/** Servlet requests for resource methods that read the caller and set audit attributes. */
final class FakeServletRequests {
    private FakeServletRequests() {
    }

    /** A request from 127.0.0.1 made by {@code principal} ({@code null}: nobody authenticated). */
    static HttpServletRequest from(Principal principal) {
        Map<String, Object> attributes = new HashMap<>();
        if (principal != null) {
            attributes.put(RestApi.PRINCIPAL, principal);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(FakeServletRequests.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
