package io.cellwatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds a free TCP port on 127.0.0.1. The KRaft controller quorum and the MQTT listener need a
 * port number before they bind, so "bind to 0 and read it back" is not available to them; the
 * small window between this probe and the real bind is acceptable for a single-machine broker.
 */
final class FreePorts {

    private FreePorts() {
    }

    static int pick(int requested) {
        if (requested > 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }
}
