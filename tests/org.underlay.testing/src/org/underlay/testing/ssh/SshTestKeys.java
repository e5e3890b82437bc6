package org.underlay.testing.ssh;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Test-only SSH key pairs, generated at runtime with {@code ssh-keygen} into a temporary directory (nothing secret
 * is committed). The passphrase of an encrypted key is a test-only value that tests must never print.
 */
public final class SshTestKeys {

    /** Test-only passphrase of {@link #generate(Path, String, String, boolean) encrypted} keys. */
    private static final String TEST_PASSPHRASE = "tEst-only-Passphrase-7c1";

    private SshTestKeys() {
    }

    /** A copy of the test-only passphrase. */
    public static char[] passphrase() {
        return TEST_PASSPHRASE.toCharArray();
    }

    /** A key pair on disk: {@code privateKey} and {@code privateKey + ".pub"}. */
    public record KeyPairFiles(Path privateKey, Path publicKey, String type) {

        public String publicKeyLine() {
            try {
                return Files.readString(publicKey, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The private key file's text (OpenSSH format), for tests that pass key material inline. */
        public byte[] privateKeyBytes() {
            try {
                return Files.readAllBytes(privateKey);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Generates a key pair with ssh-keygen.
     *
     * @param type      ed25519, ecdsa or rsa
     * @param encrypted protect with the test-only {@link #passphrase()}
     */
    public static KeyPairFiles generate(Path dir, String name, String type, boolean encrypted) {
        Path key = dir.resolve(name);
        requireTool("ssh-keygen");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(key);
            Files.deleteIfExists(dir.resolve(name + ".pub"));
            ProcessBuilder pb = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N",
                    encrypted ? TEST_PASSPHRASE : "", "-C", "underlay-test-" + name, "-f", key.toString());
            if (type.equals("rsa")) {
                pb.command().addAll(3, java.util.List.of("-b", "2048"));
            }
            pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                // ssh-keygen's output never contains the passphrase
                throw new IllegalStateException("ssh-keygen failed for " + key + ": " + out);
            }
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            return new KeyPairFiles(key, dir.resolve(name + ".pub"), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new IllegalStateException(tool + " not found on PATH: the SSH test peers need OpenSSH. Install it"
                + " with: apt-get install -y --no-install-recommends openssh-server openssh-client (see"
                + " /work/shared/recipes/peers.md)");
    }
}
