/**
 * Local peers: real programs on loopback ports that Underlay's machine control can talk to, started and stopped by
 * PID — Debian's {@code ipmi_sim} as an IPMI BMC ({@link org.underlay.peers.ipmi}) and OpenSSH's {@code sshd} as a
 * host ({@link org.underlay.peers.ssh}). One launcher each for the rehearsal lab, the machine-control benchmark and
 * the test harness. Plain Java; the programs come from the system (openipmi, openssh-server).
 */
package org.underlay.peers;
