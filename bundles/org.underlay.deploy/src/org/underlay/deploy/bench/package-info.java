/**
 * The machine-control benchmark ({@link org.underlay.deploy.bench.FanOutBench}) and the loopback peers it starts
 * (OpenSSH sshd processes, ipmi_sim BMCs). Product code: the CLI's {@code underlay bench machines} runs it.
 */
package org.underlay.deploy.bench;
