package dev.flinkext.connector.redis.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of a real Redis that injects one fault: on the first connection whose
 * requests contain {@code marker}, it forwards only {@code replyBytes} more bytes of the server's
 * replies and then either holds the rest back, so the client's read times out in the middle of a
 * pipeline's replies, or ({@link #rewriting}) puts an error reply of its own in place of the next
 * {@code replacedBytes} bytes (one reply) and forwards the rest: the client sees e.g. {@code BUSY}
 * for a command Redis applied. Requests always reach the server; later connections pass through
 * untouched.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final byte[] marker;
    private final long replyBytes;
    private final byte[] replacement;
    private final int replacedBytes;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    StallingProxy(String upstreamHost, int upstreamPort, String marker, long replyBytes)
            throws IOException {
        this(upstreamHost, upstreamPort, marker, replyBytes, null, 0);
    }

    /**
     * Replaces the reply after {@code replyBytes} bytes ({@code replacedBytes} long) by {@code
     * errorReply}.
     */
    static StallingProxy rewriting(
            String upstreamHost,
            int upstreamPort,
            String marker,
            long replyBytes,
            int replacedBytes,
            String errorReply)
            throws IOException {
        return new StallingProxy(
                upstreamHost,
                upstreamPort,
                marker,
                replyBytes,
                ("-" + errorReply + "\r\n").getBytes(StandardCharsets.UTF_8),
                replacedBytes);
    }

    private StallingProxy(
            String upstreamHost,
            int upstreamPort,
            String marker,
            long replyBytes,
            byte[] replacement,
            int replacedBytes)
            throws IOException {
        this.replacement = replacement;
        this.replacedBytes = replacedBytes;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
        this.replyBytes = replyBytes;
        daemon(this::acceptLoop, "stalling-proxy-accept");
    }

    String host() {
        return listener.getInetAddress().getHostAddress();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstreamHost, upstreamPort);
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection();
                daemon(() -> requests(client, server, connection), "stalling-proxy-requests");
                daemon(() -> replies(server, client, connection), "stalling-proxy-replies");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Client to server, always; arms the reply budget when the marker first passes. */
    private void requests(Socket client, Socket server, Connection connection) {
        byte[] buffer = new byte[8192];
        try (InputStream in = client.getInputStream();
                OutputStream out = server.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (connection.budget < 0
                        && contains(buffer, n)
                        && armed.compareAndSet(true, false)) {
                    connection.budget = replyBytes;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // connection closed by either side
        }
    }

    /** Server to client, byte by byte once a budget is set, so the cut is exact. */
    private void replies(Socket server, Socket client, Connection connection) {
        try (InputStream in = server.getInputStream();
                OutputStream out = client.getOutputStream()) {
            int b;
            int toReplace = replacedBytes;
            while ((b = in.read()) >= 0) {
                long budget = connection.budget;
                if (budget == 0 && replacement != null) {
                    if (toReplace == replacedBytes) {
                        out.write(replacement);
                        out.flush();
                    }
                    if (--toReplace == 0) {
                        connection.budget = -1; // the rest passes through
                    }
                    continue; // the real reply is dropped
                }
                if (budget == 0) {
                    continue; // swallow: the client waits for replies that never come
                }
                if (budget > 0) {
                    connection.budget = budget - 1;
                }
                out.write(b);
                out.flush();
            }
        } catch (IOException e) {
            // connection closed by either side
        }
    }

    private boolean contains(byte[] buffer, int length) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** Reply bytes still to forward on one proxied connection; negative means unlimited. */
    private static final class Connection {
        volatile long budget = -1;
    }
}
