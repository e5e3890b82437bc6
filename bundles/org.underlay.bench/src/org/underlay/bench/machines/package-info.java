/**
 * {@code underlay bench machines}: the machine-control benchmark ({@link org.underlay.bench.machines.FanOutBench})
 * and the loopback peers it starts through the peers bundle (OpenSSH sshd processes, ipmi_sim BMCs).
 */
package org.underlay.bench.machines;
