package org.underlay.ssh.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.ssh.internal.KnownHostsStore;

/** The known_hosts file: where it lives by default and how it is created (no peer needed). */
class KnownHostsFileTest {

    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Which hosts an operator trusts is nobody else's business: the file 0600, a folder it creates 0700. */
    @Test
    void aNewKnownHostsFileIsPrivate() throws Exception {
        Path file = tmp.resolve("home").resolve(".underlay").resolve("known_hosts");
        new KnownHostsStore(file).append("[127.0.0.1]:2222", "ssh-ed25519",
                java.util.Base64.getDecoder().decode("AAAAC3NzaC1lZDI1NTE5AAAAIBpCZ8kbI6P0nN5p3xQw5b5wZz2dJvJ1yq4n3s3o7hVf"));
        assertTrue(Files.readString(file).startsWith("[127.0.0.1]:2222 ssh-ed25519 AAAAC3"), Files.readString(file));
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(file.getParent()));
    }
}
