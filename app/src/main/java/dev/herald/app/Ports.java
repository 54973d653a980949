package dev.herald.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails fast, with the setting to change, when a port Herald wants is taken. */
final class Ports {

    private Ports() {
    }

    /** A port that is free on 127.0.0.1 right now. */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalStateException when {@code port} on 127.0.0.1 cannot be bound */
    static void requireFree(int port, String what, String setting) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " on 127.0.0.1 is in use (another Herald"
                    + " running?); stop it or choose another port with " + setting);
        }
    }
}
