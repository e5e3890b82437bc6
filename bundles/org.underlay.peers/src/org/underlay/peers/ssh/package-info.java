/** OpenSSH {@code sshd} hosts ({@link org.underlay.peers.ssh.OpenSshd}) and the key pairs they use. */
package org.underlay.peers.ssh;
