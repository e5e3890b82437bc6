package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.tests.TestBmcs.assertFails;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Capabilities;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.internal.ipmi.IpmiLanplusClient;
import org.underlay.testing.ipmi.IpmiSimulator;

/** The IPMI lanplus driver against a real ipmi_sim BMC (cipher suite 3 unless a test says otherwise). */
class IpmiSimulatorDriverTest {

	private static IpmiSimulator sim;
	private static BmcClient bmc;

	@BeforeAll
	static void startSimulator() throws Exception {
		sim = IpmiSimulator.start("drv", "DRV4711");
		bmc = TestBmcs.open(sim);
	}

	@AfterAll
	static void stopSimulator() {
		if (bmc != null) {
			bmc.close();
		}
		if (sim != null) {
			sim.close();
		}
	}

	@BeforeEach
	void powerOff() {
		sim.setPower(false);
	}

	@Test
	void powerStateFollowsTheChassis() throws Exception {
		assertEquals(PowerState.OFF, bmc.powerState());
		sim.setPower(true);
		assertEquals(PowerState.ON, bmc.powerState());
	}

	@Test
	void powerOnAndOff() throws Exception {
		bmc.power(PowerAction.ON);
		assertEquals("1", sim.power());
		assertEquals(PowerState.ON, bmc.powerState());
		bmc.power(PowerAction.OFF);
		assertEquals("0", sim.power());
		assertEquals(PowerState.OFF, bmc.powerState());
	}

	@Test
	void powerCycleSwitchesOffThenOn() throws Exception {
		sim.setPower(true);
		int before = sim.chassisCalls().size();
		bmc.power(PowerAction.CYCLE);
		// ipmi_sim switches off at once and on again about a second later, on its own
		long end = System.nanoTime() + 5_000_000_000L;
		while (!onAgainAfterOff(sim.chassisCalls().subList(before, sim.chassisCalls().size()))
				&& System.nanoTime() < end) {
			Thread.sleep(50);
		}
		List<String> calls = sim.chassisCalls().subList(before, sim.chassisCalls().size());
		assertTrue(onAgainAfterOff(calls), calls::toString);
		assertEquals(PowerState.ON, bmc.powerState());
	}

	private static boolean onAgainAfterOff(List<String> calls) {
		int off = -1;
		for (int i = 0; i < calls.size(); i++) {
			if (calls.get(i).endsWith("set power 0")) {
				off = i;
			} else if (off >= 0 && calls.get(i).endsWith("set power 1")) {
				return true;
			}
		}
		return false;
	}

	@Test
	void hardResetPulsesReset() throws Exception {
		sim.setPower(true);
		int resets = sim.resets();
		bmc.power(PowerAction.HARD_RESET);
		assertEquals(resets + 1, sim.resets());
		assertEquals(PowerState.ON, bmc.powerState());
	}

	@Test
	void softShutdownAsksForAcpiShutdown() throws Exception {
		sim.setPower(true);
		bmc.power(PowerAction.SOFT_SHUTDOWN);
		assertTrue(sim.chassisCalls().get(sim.chassisCalls().size() - 1).endsWith("set shutdown 1")
				|| sim.chassisCalls().stream().anyMatch(c -> c.endsWith("set shutdown 1")));
		assertEquals(PowerState.OFF, bmc.powerState());
	}

	/** What power(action) sends, as an operator reads it: the IPMI Chassis Control function. */
	@Test
	void operationsNameTheChassisControlFunctions() throws Exception {
		assertEquals(Optional.of("chassis control power up"), bmc.operation(PowerAction.ON));
		assertEquals(Optional.of("chassis control power down"), bmc.operation(PowerAction.OFF));
		assertEquals(Optional.of("chassis control power cycle"), bmc.operation(PowerAction.CYCLE));
		assertEquals(Optional.of("chassis control hard reset"), bmc.operation(PowerAction.HARD_RESET));
		assertEquals(Optional.of("chassis control soft shutdown (ACPI)"),
				bmc.operation(PowerAction.SOFT_SHUTDOWN));
	}

	/**
	 * ipmi_sim stores the device and reads the boot flags back as "invalid, next boot only, legacy" whatever was
	 * set: exactly read, that is no override. With {@code ipmi.bootFlags=device-only} the device is read back as a
	 * one-time override.
	 */
	@ParameterizedTest
	@CsvSource({ "PXE, pxe", "DISK, default", "CDROM, cdrom", "BIOS_SETUP, bios", "NONE, none" })
	void bootDeviceOnce(BootDevice device, String simValue) throws Exception {
		bmc.setBootOverride(BootOverride.once(device, BootMode.LEGACY));
		assertEquals(simValue, sim.boot());
		assertEquals(new BootOverride(BootDevice.NONE, false, BootMode.LEGACY), bmc.bootOverride());
		try (BmcClient deviceOnly = BmcDrivers.open(TestBmcs.endpoint(sim).withOption("ipmi.bootFlags",
				"device-only"), TestBmcs.admin())) {
			assertEquals(BootOverride.once(device, BootMode.LEGACY), deviceOnly.bootOverride());
		}
	}

	/** Persistent and UEFI are sent (see IpmiCodecTest for the bytes); ipmi_sim keeps only the device. */
	@Test
	void bootDevicePersistentUefi() throws Exception {
		bmc.setBootOverride(BootOverride.persistent(BootDevice.PXE, BootMode.UEFI));
		assertEquals("pxe", sim.boot());
		assertEquals(BootDevice.NONE, bmc.bootOverride().device());
		bmc.setBootOverride(BootOverride.persistent(BootDevice.CDROM, BootMode.LEGACY));
		assertEquals("cdrom", sim.boot());
	}

	@Test
	void unknownBootFlagsOptionIsRefused() {
		assertFails(Kind.UNSUPPORTED, Duration.ofMillis(1000), () -> BmcDrivers.open(
				TestBmcs.endpoint(sim).withOption("ipmi.bootFlags", "sometimes"), TestBmcs.admin()));
	}

	@Test
	void sensorsOfTheRecipe() throws Exception {
		List<Sensor> sensors = bmc.sensors();
		assertEquals(List.of("CPU Temp", "FAN1", "DIMM1 Presence"), sensors.stream().map(Sensor::name).toList());
		Sensor temp = sensors.get(0);
		assertEquals(Sensor.Type.TEMPERATURE, temp.type());
		assertEquals(45.0, temp.value().getAsDouble());
		assertEquals("degrees C", temp.unit());
		assertEquals(Sensor.Status.OK, temp.status());
		Sensor fan = sensors.get(1);
		assertEquals(Sensor.Type.FAN, fan.type());
		assertEquals(2400.0, fan.value().getAsDouble());
		assertEquals("RPM", fan.unit());
		Sensor dimm = sensors.get(2);
		assertTrue(dimm.value().isEmpty());
		assertEquals("0x0200", dimm.raw());
	}

	@Test
	void fruInventory() throws Exception {
		Inventory inv = bmc.inventory();
		assertEquals("DRV4711", inv.serialNumber());
		assertEquals("CHDRV4711", inv.chassisSerial());
		assertEquals("BRDDRV4711", inv.boardSerial());
		assertEquals("Acme Corp", inv.manufacturer());
		assertEquals("SimServer 1000", inv.model());
		assertEquals("SS-1000", inv.partNumber());
		assertEquals("ASSET-DRV4711", inv.assetTag());
		assertEquals("SimBoard X1", inv.details().get("Board Product"));
	}

	@Test
	void identifyLed() throws Exception {
		bmc.identify(Duration.ofSeconds(15));
		assertEquals("15 0", sim.identify());
		bmc.identify(null);
		assertEquals("0 1", sim.identify());
		bmc.identify(Duration.ZERO);
		assertEquals("0 0", sim.identify());
	}

	@Test
	void capabilities() throws Exception {
		Capabilities caps = bmc.capabilities();
		assertEquals("ipmi", caps.protocol());
		assertTrue(caps.sensors());
		assertTrue(caps.inventory());
		assertTrue(caps.identify());
		assertTrue(caps.powerActions().contains(PowerAction.SOFT_SHUTDOWN));
		assertTrue(caps.bootDevices().contains(BootDevice.PXE));
		Map<String, String> d = caps.details();
		assertEquals("9.08", d.get("firmware"));
		assertEquals("2.0", d.get("ipmiVersion"));
		assertEquals("4753", d.get("manufacturerId"));
		assertEquals("3", d.get("cipherSuite"));
		assertEquals("ADMINISTRATOR", d.get("privilege"));
	}

	@Test
	void oneSessionServesManyCalls() throws Exception {
		try (BmcClient c = TestBmcs.open(sim)) {
			for (int i = 0; i < 20; i++) {
				c.powerState();
			}
			assertEquals(1, ((IpmiLanplusClient) c).sessionsOpened());
		}
	}

	/** A session idle longer than ipmi.sessionReuseMillis is replaced before the next call. */
	@Test
	void idleSessionIsReplaced() throws Exception {
		BmcEndpoint ep = TestBmcs.endpoint(sim).withOption("ipmi.sessionReuseMillis", "300");
		try (BmcClient c = BmcDrivers.open(ep, TestBmcs.admin())) {
			c.powerState();
			c.powerState();
			assertEquals(1, ((IpmiLanplusClient) c).sessionsOpened());
			Thread.sleep(500);
			assertEquals(PowerState.OFF, c.powerState());
			assertEquals(2, ((IpmiLanplusClient) c).sessionsOpened());
		}
	}

	/** Calls from several threads on one client are serialized over one session. */
	@Test
	void concurrentCallsShareOneSession() throws Exception {
		try (BmcClient c = TestBmcs.open(sim)) {
			var pool = Executors.newFixedThreadPool(4);
			try {
				var futures = new ArrayList<Future<PowerState>>();
				for (int i = 0; i < 20; i++) {
					futures.add(pool.submit(c::powerState));
				}
				for (var f : futures) {
					assertEquals(PowerState.OFF, f.get());
				}
			} finally {
				pool.shutdownNow();
			}
			assertEquals(1, ((IpmiLanplusClient) c).sessionsOpened());
		}
	}

	/** Measured figures for the record (printed), with loose bounds so a pathological slowdown fails. */
	@Test
	void timings() throws Exception {
		int n = 50;
		long start = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			TestBmcs.open(sim).close();
		}
		double loginMillis = (System.nanoTime() - start) / 1e6 / 10;
		try (BmcClient c = TestBmcs.open(sim)) {
			c.powerState();
			start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				c.powerState();
			}
			double powerMillis = (System.nanoTime() - start) / 1e6 / n;
			start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				c.capabilities();
			}
			double deviceIdMillis = (System.nanoTime() - start) / 1e6 / n;
			start = System.nanoTime();
			c.sensors();
			double sensorsMillis = (System.nanoTime() - start) / 1e6;
			System.out.printf(Locale.ROOT, "IPMI timings against ipmi_sim: login+logout %.1f ms, power"
					+ " status %.2f ms, capabilities (Get Device ID + Chassis Status) %.2f ms, all sensors (SDR + 3"
					+ " readings) %.1f ms%n", loginMillis, powerMillis, deviceIdMillis, sensorsMillis);
			assertTrue(loginMillis < 1000 && powerMillis < 500, "far too slow");
		}
	}

	@Test
	void wrongPasswordIsAuthFailed() {
		BmcEndpoint ep = TestBmcs.endpoint(sim);
		var e = assertFails(Kind.AUTH_FAILED, Duration.ofSeconds(2),
				() -> BmcDrivers.open(ep, TestBmcs.wrongPassword(IpmiSimulator.ADMIN)));
		assertTrue(e.getMessage().contains("'admin'"), e.getMessage());
		assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
	}

	@Test
	void unknownUserIsAuthFailed() {
		assertFails(Kind.AUTH_FAILED, Duration.ofSeconds(2),
				() -> BmcDrivers.open(TestBmcs.endpoint(sim), TestBmcs.user("nobody")));
	}

	@Test
	void operatorSessionMaySwitchPower() throws Exception {
		BmcEndpoint ep = TestBmcs.endpoint(sim).withOption("ipmi.privilege", "OPERATOR");
		try (BmcClient op = BmcDrivers.open(ep, TestBmcs.user(IpmiSimulator.OPERATOR))) {
			op.power(PowerAction.ON);
			assertEquals("1", sim.power());
			assertEquals("OPERATOR", op.capabilities().details().get("privilege"));
		}
	}

	/** A USER-level session may read but not switch power: completion code D4 becomes AUTH_FAILED. */
	@Test
	void userPrivilegeMayReadButNotSwitchPower() throws Exception {
		BmcEndpoint ep = TestBmcs.endpoint(sim).withOption("ipmi.privilege", "USER");
		try (BmcClient viewer = BmcDrivers.open(ep, TestBmcs.user(IpmiSimulator.VIEWER))) {
			assertEquals(PowerState.OFF, viewer.powerState());
			var e = assertFails(Kind.AUTH_FAILED, Duration.ofSeconds(3), () -> viewer.power(PowerAction.ON));
			assertTrue(e.getMessage().contains("insufficient privilege"), e.getMessage());
			assertEquals("0", sim.power());
		}
	}

	@Test
	void cipherSuite0IsRefusedUnlessAllowed() throws Exception {
		BmcEndpoint ep = TestBmcs.endpoint(sim).withOption("ipmi.cipherSuite", "0");
		int calls = sim.chassisCalls().size();
		assertFails(Kind.INSECURE_REFUSED, Duration.ofMillis(1000), () -> BmcDrivers.open(ep, TestBmcs.admin()));
		assertEquals(calls, sim.chassisCalls().size());
		// allowed: works, and shows why it is refused by default: any password gets in
		try (BmcClient c = BmcDrivers.open(ep.allowing(InsecureOption.IPMI_CIPHER_0),
				TestBmcs.wrongPassword(IpmiSimulator.ADMIN))) {
			assertEquals(PowerState.OFF, c.powerState());
			assertEquals("0", c.capabilities().details().get("cipherSuite"));
		}
	}

	@Test
	void ipmi15IsRefusedUnlessAllowedAndNotImplemented() {
		BmcEndpoint ep = TestBmcs.endpoint(sim).withOption("ipmi.version", "1.5");
		assertFails(Kind.INSECURE_REFUSED, Duration.ofMillis(1000), () -> BmcDrivers.open(ep, TestBmcs.admin()));
		assertFails(Kind.UNSUPPORTED, Duration.ofMillis(1000),
				() -> BmcDrivers.open(ep.allowing(InsecureOption.IPMI_V1_5), TestBmcs.admin()));
	}

	/** ipmi_sim has no SHA-256 suites: Open Session is refused, and the driver says the suite is unsupported. */
	@Test
	void cipherSuite17IsUnsupportedByIpmiSim() {
		BmcEndpoint ep = TestBmcs.endpoint(sim).withOption("ipmi.cipherSuite", "17");
		var e = assertFails(Kind.UNSUPPORTED, Duration.ofSeconds(2), () -> BmcDrivers.open(ep, TestBmcs.admin()));
		assertTrue(e.getMessage().contains("cipher suite 17"), e.getMessage());
	}

	@Test
	void unknownCipherSuiteAndProtocol() {
		assertFails(Kind.UNSUPPORTED, Duration.ofMillis(1000), () -> BmcDrivers.open(
				TestBmcs.endpoint(sim).withOption("ipmi.cipherSuite", "2"), TestBmcs.admin()));
		assertFalse(BmcDrivers.protocols().contains("redfish-not-yet"));
		assertEquals(Kind.UNSUPPORTED, assertThrows(BmcException.class, () -> BmcDrivers.driver("snmp")).kind());
	}

	/** Calls after close are CANCELLED, and close is idempotent. */
	@Test
	void closedClientRefusesCalls() throws Exception {
		BmcClient c = TestBmcs.open(sim);
		c.close();
		c.close();
		assertFails(Kind.CANCELLED, Duration.ofMillis(1000), c::powerState);
	}
}
