/**
 * SSH to machines over JSch (com.github.mwiede:jsch 2.x).
 *
 * <pre>
 * SshOptions options = SshOptions.defaults()                 // ~/.underlay/known_hosts, unknown hosts refused
 *         .withHostKeyVerifier(key -&gt; ui.askTrust(key));            // trust on first use, decided by the caller
 * SshEndpoint endpoint = SshEndpoint.of(host, 22, "root")
 *         .withHostKey(binding.hostKey());          // the design's host-key "SHA256:...", or null
 * try (SshClient client = new SshClient(options);
 *         Secret secret = credentials.resolve("deploy-key");
 *         SshSession s = client.connect(endpoint, secret)) {
 *     ExecResult r = s.exec("apt-get -y upgrade", Duration.ofMinutes(10),
 *             OutputListener.lines(log::info), OutputListener.lines(log::warn));
 *     s.upload(bytes, "/etc/motd", "0644", Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * <ul>
 * <li>Host keys, checked during the key exchange, before any credential is sent: a binding's pinned key
 * ({@link org.underlay.ssh.HostKeyPin}, {@code SHA256:} fingerprint or public key text) first, any other key refused
 * ({@link org.underlay.ssh.HostKeyMismatchException}, naming host and both fingerprints), the pinned one trusted and
 * recorded; then known_hosts (plain, hashed, {@code [host]:port}): an unknown key without a pin goes to the
 * {@link org.underlay.ssh.HostKeyVerifier} and, if accepted, is appended to the file; a key that differs from the
 * known one is refused ({@link org.underlay.ssh.HostKeyChangedException}), even if a pin names it.</li>
 * <li>known_hosts: one per operator, {@link org.underlay.ssh.SshOptions#userKnownHosts()}
 * ({@code ~/.underlay/known_hosts}, created 0600 in a folder created 0700), never inside a design repository;
 * {@code ~/.ssh/known_hosts} is read as well, never written.</li>
 * <li>Authentication: the credential's private key (file or inline, with passphrase) and/or password; without either,
 * the ssh-agent at {@link org.underlay.ssh.SshOptions#agentSocket()} (JSch's UNIX-socket agent connector).</li>
 * <li>Every call is bounded: connect by {@link org.underlay.ssh.SshOptions#connectTimeout()}, each command and
 * upload by its own timeout; a dead peer is noticed by keepalives (ServerAliveInterval / CountMax). Interrupting
 * the calling thread cancels connect, exec and upload. Failures are {@link org.underlay.ssh.SshException}s with a
 * {@link org.underlay.ssh.SshException.Kind}; no message contains secret material.</li>
 * <li>Upload uses the scp protocol ({@code scp -t} on the host), which every OpenSSH host has.</li>
 * </ul>
 */
package org.underlay.ssh;
