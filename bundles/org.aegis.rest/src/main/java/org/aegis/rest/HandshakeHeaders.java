package org.aegis.rest;

import java.util.List;
import javax.websocket.HandshakeResponse;
import javax.websocket.server.HandshakeRequest;
import javax.websocket.server.ServerEndpointConfig;

/**
 * Hands the upgrade request's Origin and Host headers to the endpoint, which decides with its configuration
 * (a configurator is made by the container, outside Declarative Services, so it only carries them).
 */
public class HandshakeHeaders extends ServerEndpointConfig.Configurator {
    static final String ORIGIN = "aegis.origin";
    static final String HOST = "aegis.host";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        config.getUserProperties().put(ORIGIN, first(request, "Origin"));
        config.getUserProperties().put(HOST, first(request, "Host"));
    }

    private static String first(HandshakeRequest request, String name) {
        for (var header : request.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                List<String> values = header.getValue();
                return values == null || values.isEmpty() ? null : values.get(0);
            }
        }
        return null;
    }
}
