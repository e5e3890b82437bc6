package org.underlay.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.underlay.lab.internal.LabState;
import org.underlay.peers.ipmi.IpmiSim;

/**
 * The lab's IPMI BMCs: one ipmi_sim per machine as the peers bundle starts it, outliving this JVM — the shared
 * chassis-control.sh, whose {@code host.sh} hook is the machine's simulated host, and the module that keeps the boot
 * flags as a real BMC does (see {@link org.underlay.lab.internal.IpmiBootFlags}).
 */
final class IpmiBmcs {

	/** The folder below the state directory with the scripts and the module every ipmi_sim of the lab uses. */
	static final String RESOURCES = "ipmi_sim";

	private IpmiBmcs() {
	}

	/** Starts the BMC of every IPMI machine, four at a time, and records their processes in the state file. */
	static void startAll(Path stateDir, LabState state, LabTools tools) throws IOException, LabException {
		Path bin = stateDir.resolve(RESOURCES);
		IpmiSim.installResources(bin);
		List<LabState.MachineState> ipmi = state.machines.stream().filter(m -> m.bmcKind.equals("IPMI")).toList();
		String password = LabSecrets.bmcPassword(stateDir, ipmi.get(0).bmcCredential);
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, ipmi.size()));
		try {
			List<Future<LabState.Proc>> started = new ArrayList<>();
			for (LabState.MachineState m : ipmi) {
				started.add(pool.submit(() -> start(stateDir, m, tools, password)));
			}
			LabException failure = null;
			for (int i = 0; i < ipmi.size(); i++) {
				try {
					ipmi.get(i).bmc = started.get(i).get();
				} catch (ExecutionException e) {
					if (failure == null) {
						failure = e.getCause() instanceof LabException le ? le
								: new LabException("ipmi_sim for " + ipmi.get(i).name + " did not start: "
										+ e.getCause().getMessage(), e.getCause());
					}
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new LabException("interrupted while starting the IPMI BMCs");
				}
			}
			synchronized (state) {
				state.write(stateDir);
			}
			if (failure != null) {
				throw failure;
			}
		} finally {
			pool.shutdownNow();
		}
	}

	/** Starts the BMC of one machine (again, after {@code killBmc}: same port, user and state). */
	static LabState.Proc start(Path stateDir, LabState.MachineState m, LabTools tools, String password)
			throws IOException, LabException {
		Path md = stateDir.resolve(m.dir);
		Path chassis = md.resolve("chassis");
		Files.createDirectories(chassis);
		// the simulated host: alive while powered on; argv[0] under the state dir marks it as the lab's
		Path marker = md.resolve("lab-host");
		Files.deleteIfExists(marker);
		Files.createSymbolicLink(marker, Path.of(tools.sleep()));
		Path host = chassis.resolve("host.sh");
		Files.writeString(host, "#!/bin/sh\n# simulated host of " + m.name + ": the lab agent serves its SSH while this "
				+ "process lives\nexec " + marker + " 2147483647\n");
		Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwx------"));
		IpmiSim.Config config = IpmiSim.config(m.name, md).endpoint(m.bmcHost, m.bmcPort)
				.resources(stateDir.resolve(RESOURCES)).chassisScript(chassis).keepingBootFlags()
				.inventory("LAB-" + m.name).user(Lab.BMC_USER, password, "admin").detached()
				.answerWithin(Duration.ofSeconds(15));
		IpmiSim sim;
		try {
			sim = IpmiSim.start(config);
		} catch (IOException e) {
			throw new LabException("ipmi_sim for " + m.name + " did not start: " + e.getMessage(), e);
		}
		return new LabState.Proc(sim.process().toHandle(), "ipmi_sim " + m.name);
	}
}
