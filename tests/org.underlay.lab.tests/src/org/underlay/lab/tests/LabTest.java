package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.lab.Lab;
import org.underlay.lab.LabException;
import org.underlay.lab.LabPlan;
import org.underlay.lab.LabSpec;
import org.underlay.lab.LabStatus;
import org.underlay.ssh.SshClient;

/**
 * A lab from a design, driven through the project's own BMC SPI and SSH client: machines power on and their SSH
 * host appears with the design's facts, power off and it goes away, a changed fact is served, a dead BMC is a typed
 * error, lab down leaves nothing behind.
 */
class LabTest extends LabTestSupport {

	@Test
	void mixedIpmiAndRedfishDesign() throws Exception {
		LabSpec spec = TestDesigns.spec(tmp, 4, 1);
		state = tmp.resolve("lab");
		Lab lab = Lab.up(spec, state);

		assertEquals(Set.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE),
				Files.getPosixFilePermissions(lab.credentialsFile()));
		assertEquals(List.of("m-01", "m-02", "m-03", "m-04"), lab.machines());
		// the binding as the lab runs it: credential names, the Redfish certificate pinned, SSH host keys; no secret
		String binding = Files.readString(lab.bindingFile());
		assertTrue(binding.contains("\tm-02 { bmc redfish 127.0.0.1:" + lab.machine("m-02").bmcPort()
				+ " credential lab-bmc tls-fingerprint \"" + lab.bmcTlsFingerprint("m-02").orElseThrow() + "\""), binding);
		assertTrue(binding.contains("user deploy credential lab-ssh host-key \"ecdsa-sha2-nistp256 "), binding);
		try (var c = LabFixture.bmcCredentials(lab, "lab-bmc")) {
			assertFalse(binding.contains(new String(c.password())));
		}
		assertEquals(PowerState.OFF, LabFixture.powerState(lab, "m-02", RedfishDriver.endpoint("127.0.0.1",
				lab.machine("m-02").bmcPort()).withOption(RedfishDriver.PINNED_SHA256,
						lab.bmcTlsFingerprint("m-02").orElseThrow())));
		try (SshClient ssh = LabFixture.sshClient(lab)) {
			for (String m : lab.machines()) {
				assertFalse(LabFixture.accepts("127.0.0.1", lab.machine(m).sshPort()), m + " starts powered off");
				assertEquals(PowerState.OFF, LabFixture.powerState(lab, m, lab.bmcEndpoint(m)));
				LabFixture.power(lab, m, PowerAction.ON);
			}
			for (int i = 1; i <= 4; i++) {
				String m = String.format("m-%02d", i);
				LabFixture.awaitSsh(lab, m, true);
				assertEquals(PowerState.ON, LabFixture.powerState(lab, m, lab.bmcEndpoint(m)));
				assertEquals(m + "\n", LabFixture.exec(ssh, lab, m, "hostname"));
				assertEquals(TestDesigns.mac(i) + "\n", LabFixture.exec(ssh, lab, m, "cat /sys/class/net/ens1f0/address"));
				assertTrue(LabFixture.exec(ssh, lab, m, "ip -j addr").contains("\"address\":\"" + TestDesigns.mac(i) + "\""));
				assertTrue(LabFixture.exec(ssh, lab, m, "lldpctl -f keyvalue")
						.contains("lldp.ens1f0.chassis.name=leaf-01"));
			}
			assertTrue(LabFixture.exec(ssh, lab, "m-02", "cat /etc/os-release").contains("VERSION_ID=\"24.04\""));
			assertTrue(LabFixture.exec(ssh, lab, "m-01", "cat /etc/os-release").contains("ID=debian"));
			// other commands run for real
			assertEquals("rehearsal\n", LabFixture.exec(ssh, lab, "m-03", "echo rehearsal"));
			if ("root".equals(System.getProperty("user.name"))) {
				// as nobody (root of its own namespace on a disk of its own, or plain nobody without a sandbox),
				// so a provisioning step cannot change the machine the lab runs on
				boolean sandboxed = "sandboxed".equals(Lab.status(state).hosts());
				assertEquals(sandboxed ? "0\n" : "65534\n", LabFixture.exec(ssh, lab, "m-03", "id -u"));
				assertTrue(LabFixture.run(ssh, lab, "m-03", "touch /usr/underlay-lab-test").exitStatus() != 0);
				assertFalse(Files.exists(Path.of("/usr/underlay-lab-test")));
			}
			// nothing of the caller's environment (which may hold credentials) reaches the lab's hosts
			String env = LabFixture.exec(ssh, lab, "m-04", "env");
			for (String name : System.getenv().keySet()) {
				if (!Set.of("PATH", "HOME", "LANG", "USER", "PWD", "SHLVL", "_", "LOGNAME", "SHELL").contains(name)) {
					assertFalse(env.contains("\n" + name + "=") || env.startsWith(name + "="), name + " leaked");
				}
			}

			// a fact changed behind the product's back is served at once
			lab.setFact("m-01", "mac.ens1f0", "02:ff:ff:ff:ff:01");
			assertEquals("02:ff:ff:ff:ff:01\n", LabFixture.exec(ssh, lab, "m-01", "cat /sys/class/net/ens1f0/address"));
			assertEquals("02:ff:ff:ff:ff:01", Lab.open(state).facts("m-01").get("mac.ens1f0"));

			// power off through the BMC: the SSH host goes away (IPMI: chassis-control kills the host; Redfish: agent)
			LabFixture.power(lab, "m-01", PowerAction.OFF);
			LabFixture.power(lab, "m-02", PowerAction.OFF);
			LabFixture.awaitSsh(lab, "m-01", false);
			LabFixture.awaitSsh(lab, "m-02", false);
			assertEquals(PowerState.OFF, LabFixture.powerState(lab, "m-02", lab.bmcEndpoint("m-02")));
			LabFixture.power(lab, "m-02", PowerAction.ON);
			LabFixture.awaitSsh(lab, "m-02", true);
			assertEquals("m-02\n", LabFixture.exec(ssh, lab, "m-02", "hostname"));
		}

		LabStatus status = Lab.status(state);
		assertTrue(status.agentUp());
		assertTrue(status.machines().stream().allMatch(LabStatus.Machine::bmcUp));
		assertEquals(List.of(false, true, true, true), status.machines().stream().map(LabStatus.Machine::sshUp).toList());

		List<Long> pids = new ArrayList<>(lab.pids());
		// a dead BMC is a typed error through the SPI (m-03 stays powered on: its host must still be cleaned up)
		lab.killBmc("m-03");
		BmcException ipmi = assertThrows(BmcException.class,
				() -> LabFixture.powerState(lab, "m-03", lab.bmcEndpoint("m-03").withTimeout(Duration.ofSeconds(2))));
		assertTrue(Set.of(BmcException.Kind.TIMEOUT, BmcException.Kind.UNREACHABLE).contains(ipmi.kind()), ipmi.toString());
		lab.killBmc("m-04");
		BmcException redfish = assertThrows(BmcException.class,
				() -> LabFixture.powerState(lab, "m-04", lab.bmcEndpoint("m-04").withTimeout(Duration.ofSeconds(2))));
		assertEquals(BmcException.Kind.UNREACHABLE, redfish.kind(), redfish.toString());
		assertFalse(Lab.status(state).machines().get(2).bmcUp());

		LabFixture.downAndCheck(Lab.open(state), pids);
		state = null;
	}

	@Test
	void exampleFra1WithItsFixedLabPorts() throws Exception {
		LabSpec spec = LabPlan.load(LabPlanTest.example(), "fra1");
		state = tmp.resolve("fra1-lab");
		// a colliding port fails with a message naming it, and leaves nothing running
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 18105));
			LabException e = assertThrows(LabException.class, () -> Lab.up(spec, state));
			assertTrue(e.getMessage().contains("127.0.0.1:18105"), e.getMessage());
			assertTrue(e.getMessage().contains("SSH host of db-02"), e.getMessage());
			assertEquals(List.of(), LabFixture.processesOf(state));
		}

		Lab lab = Lab.up(spec, state);
		assertEquals(10, lab.machines().size());
		try (SshClient ssh = LabFixture.sshClient(lab)) {
			for (String m : lab.machines()) {
				LabFixture.power(lab, m, PowerAction.ON);
			}
			for (LabSpec.Machine m : spec.machines()) {
				LabFixture.awaitSsh(lab, m.name(), true);
				assertEquals(m.name() + "\n", LabFixture.exec(ssh, lab, m.name(), "hostname"));
				String mac = m.facts().get("mac.ens1f0");
				assertEquals(mac + "\n", LabFixture.exec(ssh, lab, m.name(), "cat /sys/class/net/ens1f0/address"));
			}
			assertEquals("debian-12-hardened\n", LabFixture.exec(ssh, lab, "web-01", "cat /etc/underlay-image"));
			LabFixture.power(lab, "db-01", PowerAction.OFF);
			LabFixture.awaitSsh(lab, "db-01", false);
		}
		List<Long> pids = lab.pids();
		LabFixture.downAndCheck(lab, pids);
		state = null;
	}

	@Test
	void upTwiceIsRefusedAndDownWorksFromAFreshJvm() throws Exception {
		LabSpec spec = TestDesigns.spec(tmp, 2, 0);
		state = tmp.resolve("lab");
		Lab lab = Lab.up(spec, state);
		LabException twice = assertThrows(LabException.class, () -> Lab.up(spec, state));
		assertTrue(twice.getMessage().contains("already up"), twice.getMessage());
		assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
		LabFixture.power(lab, "m-01", PowerAction.ON);
		LabFixture.power(lab, "m-02", PowerAction.ON);
		LabFixture.awaitSsh(lab, "m-01", true);
		LabFixture.awaitSsh(lab, "m-02", true);
		List<Long> pids = lab.pids();
		assertEquals(3, pids.size(), "the agent, m-01's ipmi_sim and its simulated host: " + pids);
		// lab down from a JVM that knows the lab only from its state file
		String out = FreshJvmDown.run(state);
		assertTrue(out.contains("stopped 3 busy []"), out);
		for (long pid : pids) {
			assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid);
		}
		for (String m : lab.machines()) {
			assertFalse(LabFixture.accepts("127.0.0.1", lab.machine(m).sshPort()));
		}
		assertEquals(List.of(), LabFixture.processesOf(state));
		assertFalse(Lab.down(state).wasUp());
		state = null;
	}
}
