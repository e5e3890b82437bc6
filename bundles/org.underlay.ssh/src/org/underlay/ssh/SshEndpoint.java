package org.underlay.ssh;

import java.util.Objects;

/**
 * Where to connect. The user may be null: then the credential's user is taken.
 */
public record SshEndpoint(String host, int port, String user) {

    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static SshEndpoint of(String host, int port, String user) {
        return new SshEndpoint(host, port, user);
    }

    /** "user@host:port" (or "host:port"), for messages. */
    @Override
    public String toString() {
        return (user == null ? "" : user + "@") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
