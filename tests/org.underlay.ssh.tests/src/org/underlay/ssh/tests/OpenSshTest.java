package org.underlay.ssh.tests;

import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestServer;

/** {@link SshTestBase} against Debian's OpenSSH sshd. */
class OpenSshTest extends SshTestBase {

    @Override
    SshTestServer startServer() {
        return OpenSshServer.start();
    }

    @Override
    String clientKeyType() {
        return "ed25519";
    }
}
