/**
 * SSH to machines over JSch (com.github.mwiede:jsch 2.x).
 *
 * <pre>
 * SshOptions options = SshOptions.defaults()                       // ~/.ssh/known_hosts, unknown hosts refused
 *         .withHostKeyVerifier(key -&gt; ui.askTrust(key));            // trust on first use, decided by the caller
 * try (SshClient client = new SshClient(options);
 *         Secret secret = credentials.resolve("deploy-key");
 *         SshSession s = client.connect(SshEndpoint.of(host, 22, "root"), secret)) {
 *     ExecResult r = s.exec("apt-get -y upgrade", Duration.ofMinutes(10),
 *             OutputListener.lines(log::info), OutputListener.lines(log::warn));
 *     s.upload(bytes, "/etc/motd", "0644", Duration.ofSeconds(30));
 * }
 * </pre>
 *
 * <ul>
 * <li>Host keys: known_hosts (plain, hashed, {@code [host]:port}) is checked first; an unknown key goes to the
 * {@link org.underlay.ssh.HostKeyVerifier} and, if accepted, is appended to the file; a key that differs from the
 * known one is refused ({@link org.underlay.ssh.HostKeyChangedException}, naming host and both fingerprints).</li>
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
