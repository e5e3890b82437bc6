/**
 * The machine-control benchmark ({@link org.underlay.deploy.bench.FanOutBench}) and the loopback peers it starts
 * (OpenSSH sshd processes, ipmi_sim BMCs), like the rehearsal lab will. Product code: the CLI's
 * {@code underlay bench machines} calls {@code new FanOutBench().run(System.out)}.
 */
package org.underlay.deploy.bench;
