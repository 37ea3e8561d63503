package org.aegis.events.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Redis that takes connections and never answers: either it keeps them open and unread (a hung server), or it
 * closes each one as soon as it has read the first bytes (a server dying mid-batch).
 */
final class SilentServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer(boolean closeAfterRequest) throws IOException {
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    if (closeAfterRequest) {
                        socket.getInputStream().read();
                        socket.close();
                    }
                }
            } catch (IOException closed) {
                // the server socket was closed: the test is over
            }
        }, "silent-redis");
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return accepted.size();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        acceptor.join(5_000);
    }
}
