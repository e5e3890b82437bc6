package org.underlay.ssh.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import org.underlay.ssh.HostKeyInfo;
import org.underlay.ssh.HostKeyVerifier;

/**
 * One OpenSSH known_hosts file, shared by all connections of a client. JSch's parser does the matching (plain,
 * hashed and {@code [host]:port} entries); accepted keys are appended as one line (the file is never rewritten,
 * so comments and other entries stay as they are).
 */
public final class KnownHostsStore {

    private final Path file;
    /** Held while a verifier decides: not the store's monitor, so connections to known hosts never wait for it. */
    private final Object decision = new Object();
    private HostKeyRepository repository;

    public KnownHostsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private synchronized HostKeyRepository repository() throws JSchException {
        if (repository == null) {
            JSch jsch = new JSch();
            if (Files.exists(file)) {
                jsch.setKnownHosts(file.toString());
            }
            repository = jsch.getHostKeyRepository();
        }
        return repository;
    }

    /** Key types known for a known_hosts name ({@code host} or {@code [host]:port}). */
    public List<String> knownTypes(String knownHostsName) throws JSchException {
        List<String> types = new ArrayList<>();
        HostKey[] keys = repository().getHostKey(knownHostsName, null);
        if (keys != null) {
            for (HostKey k : keys) {
                if (!types.contains(k.getType())) {
                    types.add(k.getType());
                }
            }
        }
        return types;
    }

    /** Appends {@code name type base64} and reloads, unless a concurrent connection recorded the key already. */
    public synchronized void append(String knownHostsName, String type, byte[] key) throws IOException {
        try {
            if (repository().check(knownHostsName, key) == HostKeyRepository.OK) {
                return;
            }
        } catch (JSchException e) {
            // unreadable file: append anyway
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String line = knownHostsName + " " + type + " " + Base64.getEncoder().encodeToString(key) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        repository = null;
    }

    /** A repository for one connection attempt that consults the verifier and records what it decided. */
    public Check check(String host, int port, HostKeyVerifier verifier) {
        return new Check(host, port, verifier);
    }

    /** OpenSSH fingerprint of a public key blob. */
    public static String fingerprint(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm name at the start of an SSH public key blob. */
    public static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int n = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (n <= 0 || n > blob.length - 4) {
            return "unknown";
        }
        return new String(blob, 4, n, StandardCharsets.US_ASCII);
    }

    /** The outcome of one host key check, read after a failed connect to give a typed error. */
    public final class Check implements HostKeyRepository {
        private final String host;
        private final int port;
        private final HostKeyVerifier verifier;
        private volatile HostKeyInfo refusedUnknown;
        private volatile HostKeyInfo changed;
        private volatile String changedKnownFingerprint;
        private volatile RuntimeException verifierFailure;

        Check(String host, int port, HostKeyVerifier verifier) {
            this.host = host;
            this.port = port;
            this.verifier = verifier;
        }

        public HostKeyInfo refusedUnknown() {
            return refusedUnknown;
        }

        public HostKeyInfo changed() {
            return changed;
        }

        public String changedKnownFingerprint() {
            return changedKnownFingerprint;
        }

        public RuntimeException verifierFailure() {
            return verifierFailure;
        }

        public Path file() {
            return KnownHostsStore.this.file;
        }

        @Override
        public int check(String name, byte[] key) {
            int result;
            try {
                result = repository().check(name, key);
            } catch (JSchException e) {
                result = NOT_INCLUDED;
            }
            String type = keyType(key);
            if (result == OK) {
                return OK;
            }
            if (result == CHANGED) {
                changed = new HostKeyInfo(host, port, type, fingerprint(key), List.of(type));
                changedKnownFingerprint = knownFingerprint(name, type);
                return CHANGED;
            }
            // One decision at a time per known_hosts file: concurrent first connections to a host (a fan-out) ask
            // once, the others find the key recorded when they get the lock.
            synchronized (decision) {
                try {
                    int again = repository().check(name, key);
                    if (again == OK) {
                        return OK;
                    }
                } catch (JSchException e) {
                    // ask
                }
                List<String> others;
                try {
                    others = knownTypes(name);
                } catch (JSchException e) {
                    others = List.of();
                }
                HostKeyInfo info = new HostKeyInfo(host, port, type, fingerprint(key), others);
                boolean accept;
                try {
                    accept = verifier.acceptUnknown(info);
                } catch (RuntimeException e) {
                    verifierFailure = e;
                    accept = false;
                }
                if (!accept) {
                    refusedUnknown = info;
                    return NOT_INCLUDED;
                }
                try {
                    append(name, type, key);
                } catch (IOException e) {
                    // Trusted for this connection even if it cannot be remembered; the next connect asks again.
                }
                return OK;
            }
        }

        private String knownFingerprint(String name, String type) {
            try {
                HostKey[] keys = repository().getHostKey(name, type);
                if (keys != null && keys.length > 0) {
                    return fingerprint(Base64.getDecoder().decode(keys[0].getKey()));
                }
            } catch (JSchException | IllegalArgumentException e) {
                // fall through
            }
            return "(unknown)";
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // JSch adds only with StrictHostKeyChecking=no/ask; we never use those.
        }

        @Override
        public void remove(String host, String type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String host, String type, byte[] key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return KnownHostsStore.this.file.toString();
        }

        @Override
        public HostKey[] getHostKey() {
            try {
                return repository().getHostKey();
            } catch (JSchException e) {
                return new HostKey[0];
            }
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            try {
                return repository().getHostKey(host, type);
            } catch (JSchException e) {
                return new HostKey[0];
            }
        }
    }
}
