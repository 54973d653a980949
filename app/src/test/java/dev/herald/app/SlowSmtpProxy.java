package dev.herald.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of an SMTP server that holds each of the server's replies for a fixed time: a slow mail
 * server (a remote relay, a busy provider) with the real server behind it still receiving and counting every
 * email. What the client sends passes at once.
 */
final class SlowSmtpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final long replyDelayMs;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-smtp-proxy");
        t.setDaemon(true);
        return t;
    });

    SlowSmtpProxy(int serverPort, Duration replyDelay) throws IOException {
        this.serverPort = serverPort;
        this.replyDelayMs = replyDelay.toMillis();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    /** The port clients connect to instead of the server's. */
    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                threads.submit(() -> pump(client, server, 0));
                threads.submit(() -> pump(server, client, replyDelayMs));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies one direction until either side closes, then closes both, which ends the other direction too. */
    private static void pump(Socket from, Socket to, long delayMs) {
        byte[] buffer = new byte[8192];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
