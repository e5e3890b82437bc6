package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.lab.Lab;
import org.underlay.lab.LabSpec;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshSession;

/**
 * Each lab host runs commands on a disk of its own: what a provisioning step writes to /etc, /root or /tmp stays on
 * that machine (not on the operator's machine, not on the next lab machine) and survives a reboot; the rest of the
 * file system cannot be written; {@code hostnamectl} sets the host name for good; a network boot installs the
 * machine's image afresh. For an IPMI machine (ipmi_sim) and a Redfish machine alike.
 */
class HostSandboxTest extends LabTestSupport {

	@Test
	void provisioningStepsChangeOnlyTheMachinesOwnDisk() throws Exception {
		LabSpec spec = TestDesigns.spec(tmp, 2, 0);
		state = tmp.resolve("lab");
		Lab lab = Lab.up(spec, state);
		assertEquals("sandboxed", Lab.status(state).hosts(), "this machine must allow user namespaces");
		String marker = "underlay-lab-" + UUID.randomUUID();
		Path script = Files.writeString(tmp.resolve("step.sh"), "echo \"$1\" > /root/step.out\nhostname\n");
		try (SshClient ssh = LabFixture.sshClient(lab)) {
			for (String m : lab.machines()) {
				LabFixture.power(lab, m, PowerAction.ON);
				LabFixture.awaitSsh(lab, m, true);
				assertEquals(m + "\n", LabFixture.exec(ssh, lab, m, "hostname"));
				assertEquals("0\n", LabFixture.exec(ssh, lab, m, "id -u"), "root of its own namespace");
				LabFixture.exec(ssh, lab, m, "echo 'deb http://mirror." + m + "/debian bookworm main'"
						+ " > /etc/apt/sources.list && echo " + m + " > /etc/" + marker);
				LabFixture.exec(ssh, lab, m, "hostnamectl set-hostname " + m + ".t1.example");
				try (Secret key = new FileCredentials(lab.credentialsFile()).resolve(lab.machine(m).sshCredential());
						SshSession s = ssh.connect(SshEndpoint.of("127.0.0.1", lab.machine(m).sshPort(),
								lab.machine(m).sshUser()), key)) {
					s.upload(script, "/tmp/" + marker + ".sh", Duration.ofSeconds(10));
					assertEquals(0, s.exec("sh /tmp/" + marker + ".sh raid1", Duration.ofSeconds(10)).exitStatus());
				}
				assertTrue(LabFixture.run(ssh, lab, m, "touch /usr/" + marker).exitStatus() != 0,
						"the rest of the file system is read-only for the lab's hosts");
			}
			assertFalse(Files.exists(Path.of("/etc", marker)), "the operator's /etc is untouched");
			assertFalse(Files.exists(Path.of("/tmp", marker + ".sh")), "the operator's /tmp is untouched");
			assertFalse(Files.exists(Path.of("/usr", marker)));
			for (String m : lab.machines()) {
				assertEquals(m + "\n", LabFixture.exec(ssh, lab, m, "cat /etc/" + marker), "its own file only");
				assertEquals(m + ".t1.example\n", LabFixture.exec(ssh, lab, m, "hostname"));
				assertEquals("raid1\n", LabFixture.exec(ssh, lab, m, "cat /root/step.out"));
			}

			// a reboot keeps the disk
			for (String m : lab.machines()) {
				LabFixture.power(lab, m, PowerAction.OFF);
				LabFixture.awaitSsh(lab, m, false);
				LabFixture.power(lab, m, PowerAction.ON);
				LabFixture.awaitSsh(lab, m, true);
				assertEquals(m + ".t1.example\n", LabFixture.exec(ssh, lab, m, "hostname"), m + " after a reboot");
				assertTrue(LabFixture.exec(ssh, lab, m, "cat /etc/apt/sources.list").contains("mirror." + m));
			}

			// a network boot installs the image afresh; the one-time override is used up by that boot
			for (String m : lab.machines()) {
				LabFixture.power(lab, m, PowerAction.OFF);
				LabFixture.awaitSsh(lab, m, false);
				try (Credentials c = LabFixture.bmcCredentials(lab, lab.machine(m).bmcCredential());
						BmcClient bmc = BmcDrivers.open(lab.bmcEndpoint(m), c)) {
					bmc.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
					bmc.power(PowerAction.ON);
				}
				LabFixture.awaitSsh(lab, m, true);
				assertEquals(m + "\n", LabFixture.exec(ssh, lab, m, "hostname"), m + " after installation");
				assertNotEquals(0, LabFixture.run(ssh, lab, m, "cat /etc/" + marker).exitStatus());
				assertEquals(spec.machine(m).facts().get("os.image") + "\n",
						LabFixture.exec(ssh, lab, m, "cat /etc/underlay-image"));
				LabFixture.exec(ssh, lab, m, "echo kept > /etc/" + marker);
				LabFixture.power(lab, m, PowerAction.OFF);
				LabFixture.awaitSsh(lab, m, false);
				LabFixture.power(lab, m, PowerAction.ON);
				LabFixture.awaitSsh(lab, m, true);
				assertEquals("kept\n", LabFixture.exec(ssh, lab, m, "cat /etc/" + marker),
						m + ": the next boot is from disk again");
			}
		}
		assertTrue(new String(Files.readAllBytes(state.resolve("agent.log")), StandardCharsets.UTF_8)
				.contains("network boot: installed"));
	}
}
