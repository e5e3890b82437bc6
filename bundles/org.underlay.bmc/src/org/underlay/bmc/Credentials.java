package org.underlay.bmc;

import java.util.Arrays;
import java.util.Objects;

/**
 * A BMC user and password. The password is kept as a {@code char[]} copy that {@link #destroy()} wipes;
 * {@link #toString()} never shows it. Resolving a credential reference to this object is the caller's job (secure
 * storage in the workbench, environment or a 0600 file in the CLI).
 */
public final class Credentials implements AutoCloseable {

    private final String user;
    private final char[] password;
    private volatile boolean destroyed;

    public Credentials(String user, char[] password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    public String user() {
        return user;
    }

    /** A copy of the password; the caller should wipe it after use. */
    public char[] password() {
        if (destroyed) {
            throw new IllegalStateException("credentials for user '" + user + "' have been destroyed");
        }
        return password.clone();
    }

    /** Overwrites the password in memory. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(password, '\0');
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=****]";
    }
}
