package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerAction;
import org.underlay.lab.Lab;
import org.underlay.lab.LabSpec;
import org.underlay.testing.ipmi.IpmiTool;

/**
 * A lab IPMI machine keeps its boot override as a real BMC does (ipmi_sim with the lab's module): the IPMI driver
 * and ipmitool read back the device and Once or Continuous as set; the boot that uses a one-time override leaves no
 * override behind, a persistent one stays for every boot.
 */
class IpmiBootOverrideTest extends LabTestSupport {

	private static final String NO_OVERRIDE = "Boot Device Selector : No override";
	private static final String PXE = "Boot Device Selector : Force PXE";

	@Test
	void oneTimePxeIsReadBackAndUsedUpByTheBootPersistentStays() throws Exception {
		LabSpec spec = TestDesigns.spec(tmp, 1, 0);
		state = tmp.resolve("lab");
		Lab lab = Lab.up(spec, state);
		String m = "m-01";
		assertEquals(LabSpec.BmcKind.IPMI, lab.machine(m).bmcKind());
		try (Credentials c = lab.bmcCredentials(m); BmcClient bmc = BmcDrivers.open(lab.bmcEndpoint(m), c)) {
			assertEquals(BootDevice.NONE, bmc.bootOverride().device(), "a fresh machine has no override");
			assertIpmitool(lab, "Boot Flag Invalid", NO_OVERRIDE);

			bmc.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
			assertEquals(BootOverride.once(BootDevice.PXE, BootMode.UEFI), bmc.bootOverride());
			assertIpmitool(lab, "Boot Flag Valid", "Options apply to only next boot", "BIOS EFI boot", PXE);

			bmc.power(PowerAction.ON);
			LabFixture.awaitSsh(lab, m, true);
			assertEquals(1, networkBoots(), "the one-time PXE boot installed the image");
			assertEquals(BootDevice.NONE, bmc.bootOverride().device(), "used up by the boot: " + bmc.bootOverride());
			assertIpmitool(lab, "Boot Flag Invalid", NO_OVERRIDE);
			bmc.power(PowerAction.OFF);
			LabFixture.awaitSsh(lab, m, false);
			bmc.power(PowerAction.ON);
			LabFixture.awaitSsh(lab, m, true);
			assertEquals(1, networkBoots(), "the next boot is from disk");

			bmc.power(PowerAction.OFF);
			LabFixture.awaitSsh(lab, m, false);
			bmc.setBootOverride(BootOverride.persistent(BootDevice.PXE, BootMode.LEGACY));
			for (int boot = 1; boot <= 2; boot++) {
				bmc.power(PowerAction.ON);
				LabFixture.awaitSsh(lab, m, true);
				assertEquals(1 + boot, networkBoots(), "every boot is a network boot");
				assertEquals(BootOverride.persistent(BootDevice.PXE, BootMode.LEGACY), bmc.bootOverride(),
						"a persistent override stays");
				assertIpmitool(lab, "Boot Flag Valid", "Options apply to all future boots", PXE);
				bmc.power(PowerAction.OFF);
				LabFixture.awaitSsh(lab, m, false);
			}
		}
	}

	/** {@code ipmitool -I lanplus chassis bootparam get 5} against the lab machine, as its admin. */
	private static void assertIpmitool(Lab lab, String... expected) throws Exception {
		LabSpec.Machine m = lab.machine("m-01");
		try (Credentials c = lab.bmcCredentials(m.name())) {
			char[] password = c.password();
			String out;
			try {
				out = IpmiTool.run(m.bmcHost(), m.bmcPort(), c.user(), password, "chassis", "bootparam", "get", "5")
						.requireSuccess().stdout();
			} finally {
				Arrays.fill(password, '\0');
			}
			for (String line : expected) {
				assertTrue(out.contains(line), "ipmitool should say '" + line + "':\n" + out);
			}
		}
	}

	/** How often the agent installed the image on a network boot so far. */
	private long networkBoots() throws Exception {
		List<String> log = Files.readAllLines(state.resolve("agent.log"));
		return log.stream().filter(line -> line.contains("network boot: installed")).count();
	}
}
