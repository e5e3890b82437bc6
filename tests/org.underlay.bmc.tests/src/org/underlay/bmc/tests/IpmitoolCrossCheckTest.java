package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Capabilities;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.Sensor;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.ipmi.IpmiTool;

/**
 * The driver and ipmitool ({@code -I lanplus -C 3}) on the same ipmi_sim: same readings, and each sees the state
 * changes the other makes.
 */
class IpmitoolCrossCheckTest {

	private static IpmiSimulator sim;
	private static BmcClient bmc;

	@BeforeAll
	static void start() throws Exception {
		sim = IpmiSimulator.start("xchk", "XC-0042");
		bmc = TestBmcs.open(sim);
	}

	@AfterAll
	static void stop() {
		if (bmc != null) {
			bmc.close();
		}
		if (sim != null) {
			sim.close();
		}
	}

	private static String ipmitool(String... args) {
		return IpmiTool.run(sim, args).requireSuccess().stdout();
	}

	/** "Key : value" lines of ipmitool output. */
	private static Map<String, String> fields(String output) {
		Map<String, String> map = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			int colon = line.indexOf(" : ");
			if (colon > 0) {
				map.put(line.substring(0, colon).trim(), line.substring(colon + 3).trim());
			}
		}
		return map;
	}

	@Test
	void powerChangedByDriverIsSeenByIpmitoolAndViceVersa() throws Exception {
		bmc.power(PowerAction.ON);
		assertEquals("Chassis Power is on", ipmitool("chassis", "power", "status").strip());
		ipmitool("chassis", "power", "off");
		assertEquals(PowerState.OFF, bmc.powerState());
		ipmitool("chassis", "power", "on");
		assertEquals(PowerState.ON, bmc.powerState());
		bmc.power(PowerAction.OFF);
		assertEquals("Chassis Power is off", ipmitool("chassis", "power", "status").strip());
	}

	@Test
	void bootDeviceChangedByDriverIsSeenByIpmitoolAndViceVersa() throws Exception {
		bmc.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.LEGACY));
		assertTrue(ipmitool("chassis", "bootparam", "get", "5").contains("Boot Device Selector : Force PXE"));
		bmc.setBootOverride(BootOverride.once(BootDevice.BIOS_SETUP, BootMode.LEGACY));
		assertTrue(ipmitool("chassis", "bootparam", "get", "5").contains("Force Boot into BIOS Setup"));
		// ipmi_sim reports every override as invalid (see bootOverrideReadBackAgreesWithIpmitool): read the device
		try (BmcClient deviceOnly = BmcDrivers.open(TestBmcs.endpoint(sim).withOption("ipmi.bootFlags",
				"device-only"), TestBmcs.admin())) {
			ipmitool("chassis", "bootdev", "cdrom");
			assertEquals(BootDevice.CDROM, deviceOnly.bootOverride().device());
			ipmitool("chassis", "bootdev", "disk");
			assertEquals(BootDevice.DISK, deviceOnly.bootOverride().device());
		}
		// the raw parameter bytes are the same for both readers
		String raw = ipmitool("raw", "0x00", "0x09", "0x05", "0x00", "0x00").strip();
		assertTrue(raw.startsWith("01 05"), raw);
		assertEquals(0x08, Integer.parseInt(raw.split("\\s+")[3], 16));
	}

	/**
	 * The boot override as {@code ipmitool chassis bootparam get 5} reads it: no override unless the boot flags are
	 * valid; then the device selector and whether the options apply to all future boots.
	 */
	private static BootOverride ipmitoolBootOverride() {
		return ipmitoolBootOverride(sim);
	}

	private static BootOverride ipmitoolBootOverride(IpmiSimulator on) {
		String out = IpmiTool.run(on, "chassis", "bootparam", "get", "5").requireSuccess().stdout();
		boolean valid = out.contains("Boot Flag Valid");
		assertTrue(valid || out.contains("Boot Flag Invalid"), out);
		boolean persistent = out.contains("Options apply to all future boots");
		assertTrue(persistent || out.contains("Options apply to only next boot"), out);
		BootMode mode = out.contains("BIOS EFI boot") ? BootMode.UEFI : BootMode.LEGACY;
		if (!valid) {
			return new BootOverride(BootDevice.NONE, false, mode);
		}
		BootDevice device = out.contains("Force PXE") ? BootDevice.PXE
				: out.contains("Force Boot from default Hard-Drive") ? BootDevice.DISK
						: out.contains("Force Boot from CD/DVD") ? BootDevice.CDROM
								: out.contains("Force Boot into BIOS Setup") ? BootDevice.BIOS_SETUP : BootDevice.NONE;
		return new BootOverride(device, persistent, mode);
	}

	/**
	 * The driver reports exactly the override the BMC holds, as ipmitool reads it. ipmi_sim stores only the device
	 * and answers "boot flag invalid, next boot only" for every override, whoever set it: an override whose valid
	 * bit is clear is no override (the firmware ignores it), so both read none.
	 */
	@Test
	void bootOverrideReadBackAgreesWithIpmitool() throws Exception {
		bmc.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.LEGACY));
		assertEquals(ipmitoolBootOverride(), bmc.bootOverride());
		bmc.setBootOverride(BootOverride.persistent(BootDevice.PXE, BootMode.UEFI));
		assertEquals(ipmitoolBootOverride(), bmc.bootOverride());
		ipmitool("chassis", "bootdev", "cdrom");
		assertEquals(ipmitoolBootOverride(), bmc.bootOverride());
		ipmitool("chassis", "bootdev", "disk", "options=persistent");
		assertEquals(ipmitoolBootOverride(), bmc.bootOverride());
		// what ipmi_sim stores: the device, but never a valid flag
		assertEquals("default", sim.boot());
		assertEquals(new BootOverride(BootDevice.NONE, false, BootMode.LEGACY), bmc.bootOverride());
	}

	/**
	 * Against ipmi_sim with the harness's module that keeps the boot flags as a real BMC does: the driver reads back
	 * Once or Continuous, device and EFI exactly as stored, whoever set them, and no override once the valid bit is
	 * clear; ipmitool reads the same.
	 */
	@Test
	void bootOverrideReadBackIsExactOnABmcThatKeepsTheFlags() throws Exception {
		try (IpmiSimulator keeping = IpmiSimulator.startKeepingBootFlags("xchk-flags", "XC-0043");
				BmcClient c = TestBmcs.open(keeping)) {
			c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.LEGACY));
			assertEquals(BootOverride.once(BootDevice.PXE, BootMode.LEGACY), c.bootOverride());
			assertEquals(c.bootOverride(), ipmitoolBootOverride(keeping));
			assertEquals("pxe", keeping.boot());
			c.setBootOverride(BootOverride.persistent(BootDevice.DISK, BootMode.UEFI));
			assertEquals(BootOverride.persistent(BootDevice.DISK, BootMode.UEFI), c.bootOverride());
			assertEquals(c.bootOverride(), ipmitoolBootOverride(keeping));
			IpmiTool.run(keeping, "chassis", "bootdev", "cdrom", "options=persistent").requireSuccess();
			assertEquals(BootOverride.persistent(BootDevice.CDROM, BootMode.LEGACY), c.bootOverride());
			IpmiTool.run(keeping, "chassis", "bootdev", "bios").requireSuccess();
			assertEquals(BootOverride.once(BootDevice.BIOS_SETUP, BootMode.LEGACY), c.bootOverride());
			assertEquals(c.bootOverride(), ipmitoolBootOverride(keeping));
			// valid bit clear, as a BMC leaves it after the one-time boot: PXE is still in the flags, but no override
			IpmiTool.run(keeping, "raw", "0x00", "0x08", "0x05", "0x00", "0x04", "0x00", "0x00", "0x00")
					.requireSuccess();
			assertEquals(new BootOverride(BootDevice.NONE, false, BootMode.LEGACY), c.bootOverride());
			assertEquals(c.bootOverride(), ipmitoolBootOverride(keeping));
		}
	}

	/** {@code ipmitool sensor}: name | value | unit | status | thresholds ... */
	@Test
	void sensorReadingsMatchIpmitool() throws Exception {
		List<Sensor> sensors = bmc.sensors();
		String[] lines = ipmitool("sensor").strip().split("\n");
		assertEquals(lines.length, sensors.size(), String.join("\n", lines));
		for (int i = 0; i < lines.length; i++) {
			String[] col = lines[i].split("\\|");
			Sensor s = sensors.get(i);
			assertEquals(col[0].trim(), s.name());
			String unit = col[2].trim();
			if ("discrete".equals(unit)) {
				assertTrue(s.value().isEmpty(), s.toString());
				assertEquals(col[3].trim(), s.raw(), s.name());
			} else {
				assertEquals(Double.parseDouble(col[1].trim()), s.value().getAsDouble(), 0.0005, s.name());
				assertEquals(unit, s.unit(), s.name());
				assertEquals(col[3].trim(), s.status() == Sensor.Status.OK ? "ok" : s.status().toString(), s.name());
			}
		}
	}

	@Test
	void fruInventoryMatchesIpmitool() throws Exception {
		Inventory inv = bmc.inventory();
		Map<String, String> fru = fields(ipmitool("fru", "print", "0"));
		assertEquals(fru.get("Product Serial"), inv.serialNumber());
		assertEquals(fru.get("Product Manufacturer"), inv.manufacturer());
		assertEquals(fru.get("Product Name"), inv.model());
		assertEquals(fru.get("Product Part Number"), inv.partNumber());
		assertEquals(fru.get("Product Asset Tag"), inv.assetTag());
		assertEquals(fru.get("Chassis Serial"), inv.chassisSerial());
		assertEquals(fru.get("Board Serial"), inv.boardSerial());
		assertEquals(fru.get("Board Mfg"), inv.details().get("Board Manufacturer"));
		assertEquals(fru.get("Board Product"), inv.details().get("Board Product"));
		assertEquals(fru.get("Board Part Number"), inv.details().get("Board Part Number"));
		assertEquals(fru.get("Chassis Part Number"), inv.details().get("Chassis Part Number"));
		assertEquals(fru.get("Product Version"), inv.details().get("Product Version"));
		assertEquals("XC-0042", inv.serialNumber());
	}

	@Test
	void controllerInfoMatchesIpmitool() throws Exception {
		Capabilities caps = bmc.capabilities();
		Map<String, String> mc = fields(ipmitool("mc", "info"));
		assertEquals(mc.get("Firmware Revision"), caps.details().get("firmware"));
		assertEquals(mc.get("IPMI Version"), caps.details().get("ipmiVersion"));
		assertEquals(mc.get("Manufacturer ID"), caps.details().get("manufacturerId"));
		assertTrue(mc.get("Product ID").startsWith(caps.details().get("productId") + " "), mc.get("Product ID"));
	}

	@Test
	void identifyHasTheSameEffectAsIpmitool() throws Exception {
		ipmitool("chassis", "identify", "9");
		String byIpmitool = sim.identify();
		bmc.identify(Duration.ZERO);
		assertNotEquals(byIpmitool, sim.identify());
		bmc.identify(Duration.ofSeconds(9));
		assertEquals(byIpmitool, sim.identify());
		ipmitool("chassis", "identify", "force");
		String forced = sim.identify();
		bmc.identify(null);
		assertEquals(forced, sim.identify());
	}

	/**
	 * Privilege as ipmi_sim enforces it, seen the same by both clients: a USER-level session cannot switch power,
	 * an OPERATOR-level one can. (ipmi_sim grants an operator-level user an ADMINISTRATOR session when asked — the
	 * driver and ipmitool both get it — so a per-user limit cannot be tested against this simulator.)
	 */
	@Test
	void privilegeLevelsAgreeWithIpmitool() throws Exception {
		IpmiTool.Result tool = IpmiTool.runAs(sim, IpmiSimulator.VIEWER, "-L", "USER", "chassis", "power", "on");
		assertNotEquals(0, tool.exitCode());
		assertTrue(tool.stderr().contains("Insufficient privilege"), tool.stderr());
		var ep = TestBmcs.endpoint(sim).withOption("ipmi.privilege", "USER");
		try (BmcClient viewer = BmcDrivers.open(ep, TestBmcs.user(IpmiSimulator.VIEWER))) {
			assertEquals(BmcException.Kind.AUTH_FAILED,
					assertThrows(BmcException.class, () -> viewer.power(PowerAction.ON)).kind());
		}
		assertEquals(0, IpmiTool.runAs(sim, IpmiSimulator.OPERATOR, "-L", "OPERATOR", "chassis", "power", "status")
				.exitCode());
		// an unknown user is refused by ipmitool too (the driver: unknownUserIsAuthFailed)
		assertFalse(IpmiTool.runAs(sim, "nobody", "chassis", "power", "status").exitCode() == 0);
	}
}
