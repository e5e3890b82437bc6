package org.underlay.lab;

import java.util.List;

/**
 * What {@link Lab#status} found: whether the lab's processes live and which endpoints answer right now.
 *
 * @param stateDir the lab's state directory
 * @param site     the site the lab was built from (null when no lab is recorded there)
 * @param agentUp  the lab agent (Redfish BMCs, SSH hosts) is running
 * @param machines one entry per machine
 * @param hosts    how the hosts run commands: "sandboxed" (each on a disk of its own), "unsandboxed: why", or
 *                 null before the agent has said
 */
public record LabStatus(String stateDir, String site, boolean agentUp, List<Machine> machines, String hosts) {

	/**
	 * @param bmcUp     the simulated BMC's process lives and (Redfish) its port accepts connections
	 * @param sshUp     the SSH host accepts connections, i.e. the machine is powered on
	 */
	public record Machine(String name, String bmcKind, String bmcAddress, boolean bmcUp, String sshAddress,
			boolean sshUp) {
	}

	public boolean recorded() {
		return site != null;
	}
}
