package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.lab.Lab;
import org.underlay.lab.LabSpec;
import org.underlay.peers.Ports;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.SshSession;

/** Drives a lab the way the product does: BMC SPI with the binding's credential names, SSH with the lab key. */
final class LabFixture {

	private LabFixture() {
	}

	/** Credentials for a BMC credential name from the lab's credentials file, via FileCredentials. */
	static Credentials bmcCredentials(Lab lab, String name) throws Exception {
		try (Secret s = new FileCredentials(lab.credentialsFile()).resolve(name)) {
			char[] pw = s.password();
			try {
				return new Credentials(s.user().orElseThrow(), pw);
			} finally {
				Arrays.fill(pw, '\0');
			}
		}
	}

	static void power(Lab lab, String machine, PowerAction action) throws Exception {
		LabSpec.Machine m = lab.machine(machine);
		try (Credentials c = bmcCredentials(lab, m.bmcCredential());
				BmcClient client = BmcDrivers.open(lab.bmcEndpoint(machine), c)) {
			client.power(action);
		}
	}

	static PowerState powerState(Lab lab, String machine, BmcEndpoint endpoint) throws Exception {
		try (Credentials c = bmcCredentials(lab, lab.machine(machine).bmcCredential());
				BmcClient client = BmcDrivers.open(endpoint, c)) {
			return client.powerState();
		}
	}

	static SshClient sshClient(Lab lab) {
		return new SshClient(SshOptions.defaults().withKnownHosts(lab.knownHosts())
				.withConnectTimeout(Duration.ofSeconds(10)));
	}

	/** Runs {@code command} on the machine and returns its result, whatever its exit status. */
	static ExecResult run(SshClient client, Lab lab, String machine, String command) throws Exception {
		LabSpec.Machine m = lab.machine(machine);
		try (Secret secret = new FileCredentials(lab.credentialsFile()).resolve(m.sshCredential());
				SshSession session = client.connect(SshEndpoint.of(m.sshHost(), m.sshPort(), m.sshUser()), secret)) {
			return session.exec(command, Duration.ofSeconds(20));
		}
	}

	static String exec(SshClient client, Lab lab, String machine, String command) throws Exception {
		LabSpec.Machine m = lab.machine(machine);
		try (Secret secret = new FileCredentials(lab.credentialsFile()).resolve(m.sshCredential());
				SshSession session = client.connect(SshEndpoint.of(m.sshHost(), m.sshPort(), m.sshUser()), secret)) {
			ExecResult r = session.exec(command, Duration.ofSeconds(20));
			assertEquals(0, r.exitStatus(), command + " on " + machine + ": " + r.stderr());
			return r.stdout();
		}
	}

	static boolean accepts(String host, int port) {
		return Ports.accepts(host, port);
	}

	/** Waits until the machine's SSH host is there ({@code up}) or gone. */
	static void awaitSsh(Lab lab, String machine, boolean up) throws InterruptedException {
		LabSpec.Machine m = lab.machine(machine);
		long end = System.currentTimeMillis() + 15_000;
		while (System.currentTimeMillis() < end) {
			if (accepts(m.sshHost(), m.sshPort()) == up) {
				return;
			}
			Thread.sleep(50);
		}
		fail("the SSH host of " + machine + " did not " + (up ? "appear" : "go away") + " on " + m.sshHost() + ":"
				+ m.sshPort());
	}

	/** Processes (other than this JVM) whose command line names the state directory. */
	static List<Long> processesOf(Path stateDir) {
		String needle = stateDir.toAbsolutePath().normalize().toString();
		List<Long> found = new ArrayList<>();
		long self = ProcessHandle.current().pid();
		try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
			for (Path p : procs.toList()) {
				String name = p.getFileName().toString();
				if (!name.matches("[0-9]+") || Long.parseLong(name) == self) {
					continue;
				}
				try {
					String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
					if (cmd.replace('\0', ' ').contains(needle)) {
						found.add(Long.parseLong(name));
					}
				} catch (IOException e) {
					// gone meanwhile
				}
			}
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
		return found;
	}

	/** lab down, then: every recorded PID gone, every port free, no process of the lab left. */
	static void downAndCheck(Lab lab, List<Long> pids) throws Exception {
		List<LabSpec.Machine> machines = lab.machines().stream().map(lab::machine).toList();
		Lab.DownReport report = Lab.down(lab.stateDir());
		assertTrue(report.wasUp());
		assertEquals(List.of(), report.busyPorts());
		for (long pid : pids) {
			assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
		}
		for (LabSpec.Machine m : machines) {
			assertFalse(accepts(m.sshHost(), m.sshPort()), "ssh port of " + m.name());
			if (m.bmcKind() == LabSpec.BmcKind.REDFISH) {
				assertFalse(accepts(m.bmcHost(), m.bmcPort()), "bmc port of " + m.name());
			}
		}
		assertEquals(List.of(), processesOf(lab.stateDir()), "leftover processes");
		assertFalse(Files.exists(lab.credentialsFile()), "credentials removed");
	}
}
