package org.underlay.lab;

import java.util.Map;

import org.underlay.peers.Programs;
import org.underlay.peers.ipmi.IpmiSim;

/**
 * The external programs the lab runs, all found before anything starts (else the message says what to install).
 *
 * @param sleep the program each IPMI machine's simulated host runs (under a name in the state directory)
 */
record LabTools(String sleep) {

	static LabTools find(boolean ipmi) throws LabException {
		if (Programs.find("ssh-keygen").isEmpty()) {
			throw new LabException("ssh-keygen not found: install openssh-client");
		}
		if (ipmi) {
			for (Map.Entry<String, String> t : IpmiSim.PROGRAMS.entrySet()) {
				if (Programs.find(t.getKey()).isEmpty()) {
					throw new LabException(t.getKey() + " not found: the lab's IPMI BMCs need it (apt-get install -y "
							+ "--no-install-recommends " + t.getValue() + ")");
				}
			}
			if (!IpmiSim.bootFlagsModuleAvailable()) {
				throw new LabException("the lab's IPMI BMCs cannot keep boot overrides: "
						+ IpmiSim.bootFlagsModuleMissing());
			}
		}
		return new LabTools(Programs.find("sleep").orElseThrow(() -> new LabException("sleep not found")).toString());
	}
}
