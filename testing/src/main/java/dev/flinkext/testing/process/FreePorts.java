package dev.flinkext.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Finds TCP ports that are free on a loopback address. */
public final class FreePorts {

    private FreePorts() {}

    /** A port free on 127.0.0.1. */
    public static int pick() {
        return pick(loopback("127.0.0.1"));
    }

    /** A port free on {@code address}, chosen by the kernel. */
    public static int pick(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + address.getHostAddress(), e);
        }
    }

    /**
     * A port P such that P and P + {@code offset} are both free on {@code address} (Redis cluster
     * needs its bus port at P + 10000).
     */
    public static int pickWithCompanion(InetAddress address, int offset) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(65535 - offset - 20000);
            if (isFree(address, port) && isFree(address, port + offset)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "No free port pair (P, P+" + offset + ") on " + address.getHostAddress());
    }

    /**
     * A port free on every one of {@code addresses} (servers on 127.0.0.2 and .3 sharing ports).
     */
    public static int pickOnAll(InetAddress... addresses) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = pick(addresses[0]);
            boolean free = true;
            for (InetAddress address : addresses) {
                free &= isFree(address, port);
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("No port free on all of the given addresses");
    }

    public static boolean isFree(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
