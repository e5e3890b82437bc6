package org.underlay.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.underlay.lab.internal.LabAgent;
import org.underlay.lab.internal.LabState;
import org.underlay.lab.internal.Processes;

/** Faults the lab plays on purpose: a BMC that dies, and an IPMI BMC that comes back. */
final class BmcFaults {

	private BmcFaults() {
	}

	/** {@link Lab#killBmc}: returns when the BMC's port is free (5 s at most). */
	static void kill(Path stateDir, LabState.MachineState m) throws LabException {
		if (m.bmcKind.equals("IPMI")) {
			ProcessHandle p = Processes.owned(m.bmc, stateDir.toString())
					.orElseThrow(() -> new LabException("the BMC of " + m.name + " is not running"));
			Processes.stop(List.of(p), 2000);
		} else {
			try {
				Files.writeString(stateDir.resolve(m.dir).resolve(LabAgent.KILL_BMC), "kill\n");
			} catch (IOException e) {
				throw new LabException("cannot stop the BMC of " + m.name + ": " + e.getMessage(), e);
			}
		}
		LabPorts.awaitFree(m.bmcHost, m.bmcPort, m.bmcKind.equals("IPMI"), System.currentTimeMillis() + 5000);
	}

	/** {@link Lab#restartBmc}: records the new PID in the state file. */
	static void restart(Path stateDir, LabState state, LabState.MachineState m) throws LabException {
		if (!m.bmcKind.equals("IPMI")) {
			throw new LabException("the lab can restart IPMI BMCs only; " + m.name + " has a " + m.bmcKind + " BMC");
		}
		if (Processes.owned(m.bmc, stateDir.toString()).isPresent()) {
			throw new LabException("the BMC of " + m.name + " is running");
		}
		try {
			LabState.Proc proc = IpmiBmcs.start(stateDir, m, LabTools.find(true),
					LabSecrets.bmcPassword(stateDir, m.bmcCredential));
			synchronized (state) {
				m.bmc = proc;
				state.write(stateDir);
			}
		} catch (IOException e) {
			throw new LabException("cannot restart the BMC of " + m.name + ": " + e.getMessage(), e);
		}
	}
}
