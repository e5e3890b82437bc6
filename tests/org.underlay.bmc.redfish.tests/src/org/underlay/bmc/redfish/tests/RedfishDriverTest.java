package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.admin;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.config;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.Capabilities;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.Inventory;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.Sensor;
import org.underlay.bmc.redfish.RedfishClient;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;

/** The Redfish driver against the project's simulator: every SPI operation, sessions, allowable values, ETags. */
class RedfishDriverTest extends SimulatedBmcTest {

	@Test
	void opensASessionReadsAndLogsOut() throws Exception {
		start(config().system(new SimulatorConfig.SystemSpec("node-7", "SN-7", "R650", "Dell Inc.", "Off")));
		try (BmcClient c = BmcDrivers.open(http(sim), admin())) {
			assertTrue(c instanceof RedfishClient);
			assertEquals(1, sim.sessionCount());
			assertEquals(PowerState.OFF, c.powerState());
			Inventory inv = c.inventory();
			assertEquals("SN-7", inv.serialNumber());
			assertEquals("R650", inv.model());
			assertEquals("Dell Inc.", inv.manufacturer());
			assertEquals("SN-7", inv.chassisSerial());
			assertEquals("/redfish/v1/Systems/node-7", c.capabilities().details().get("system"));
		}
		assertEquals(1, sim.sessionsCreated());
	}

	@Test
	void powerOnAndWaitForTheTransition() throws Exception {
		start(config().powerTransitionDelay(Duration.ofMillis(400)));
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			long t0 = System.nanoTime();
			c.power(PowerAction.ON);
			assertEquals("PoweringOn", c.redfishPowerState());
			assertEquals(PowerState.OFF, c.powerState(), "still off until the transition completes");
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
			long ms = (System.nanoTime() - t0) / 1_000_000;
			assertEquals("On", sim.powerState("1"));
			assertTrue(ms >= 390 && ms < 3000, "power on took " + ms + " ms");
			assertEquals(PowerState.ON, c.powerState());

			c.power(PowerAction.SOFT_SHUTDOWN);
			BmcException slow = assertThrows(BmcException.class,
					() -> c.awaitPowerState(PowerState.OFF, Duration.ofMillis(150)));
			assertEquals(BmcException.Kind.TIMEOUT, slow.kind());
			assertTrue(slow.getMessage().contains("PoweringOff"), slow.getMessage());
			c.awaitPowerState(PowerState.OFF, Duration.ofSeconds(5));
			System.out.println("Redfish power on + wait (400 ms transition): " + ms + " ms");
		}
		assertEquals(List.of("On", "GracefulShutdown"), sim.resetHistory().stream()
				.map(RedfishSimulator.ResetRequest::resetType).toList());
	}

	@Test
	void resetUsesOnlyValuesTheBmcLists() throws Exception {
		start(config().resetTypes(List.of("ForceOn", "ForceOff", "PushPowerButton")));
		try (BmcClient c = driver.open(http(sim), admin())) {
			c.power(PowerAction.ON);
			sim.setPowerState("1", "On");
			c.power(PowerAction.SOFT_SHUTDOWN);
			BmcException e = assertThrows(BmcException.class, () -> c.power(PowerAction.HARD_RESET));
			assertEquals(BmcException.Kind.UNSUPPORTED, e.kind());
			assertTrue(e.getMessage().contains("ForceRestart") && e.getMessage().contains("PushPowerButton"),
					e.getMessage());
			assertEquals(BmcException.Kind.UNSUPPORTED, assertThrows(BmcException.class,
					() -> c.power(PowerAction.CYCLE)).kind());
			assertEquals(EnumSet.of(PowerAction.ON, PowerAction.OFF, PowerAction.SOFT_SHUTDOWN),
					c.capabilities().powerActions());
		}
		assertEquals(List.of("ForceOn", "PushPowerButton"), sim.resetHistory().stream()
				.map(RedfishSimulator.ResetRequest::resetType).toList(), "nothing unlisted was sent");
	}

	@Test
	void bootOverrideWithETagAndIfMatch() throws Exception {
		start(config().bootPatchRequiresIfMatch(true));
		try (BmcClient c = driver.open(http(sim), admin())) {
			assertEquals(new BootOverride(BootDevice.NONE, false, BootMode.UEFI), c.bootOverride());
			c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
			assertEquals(new RedfishSimulator.BootOverride("Pxe", "Once", "UEFI"), sim.bootOverride("1"));
			assertEquals(BootOverride.once(BootDevice.PXE, BootMode.UEFI), c.bootOverride());
			c.setBootOverride(BootOverride.persistent(BootDevice.DISK, BootMode.LEGACY));
			assertEquals(new RedfishSimulator.BootOverride("Hdd", "Continuous", "Legacy"), sim.bootOverride("1"));
			assertEquals(BootOverride.persistent(BootDevice.DISK, BootMode.LEGACY), c.bootOverride());
			c.setBootOverride(BootOverride.once(BootDevice.NONE, BootMode.UEFI));
			assertEquals("Disabled", sim.bootOverride("1").enabled());

			// a one-time override is consumed by the boot: the driver reads it back as none
			c.setBootOverride(BootOverride.once(BootDevice.BIOS_SETUP, BootMode.UEFI));
			c.power(PowerAction.ON);
			((RedfishClient) c).awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
			assertEquals(BootDevice.NONE, c.bootOverride().device());
		}
	}

	@Test
	void sensorsFromThermalAndPower() throws Exception {
		start(config());
		sim.setPowerState("1", "On");
		try (BmcClient c = driver.open(http(sim), admin())) {
			List<Sensor> sensors = c.sensors();
			Sensor cpu = sensors.stream().filter(s -> s.name().equals("CPU1 Temp")).findFirst().orElseThrow();
			assertEquals(Sensor.Type.TEMPERATURE, cpu.type());
			assertEquals("degrees C", cpu.unit());
			assertTrue(cpu.value().getAsDouble() > 40, cpu.toString());
			assertEquals(Sensor.Status.OK, cpu.status());
			assertEquals(4, sensors.stream().filter(s -> s.type() == Sensor.Type.FAN).count());
			Sensor watts = sensors.stream().filter(s -> s.name().equals("System Power Control")).findFirst()
					.orElseThrow();
			assertEquals(Sensor.Type.POWER, watts.type());
			assertTrue(watts.value().getAsDouble() > 100);
			assertTrue(sensors.stream().anyMatch(s -> s.type() == Sensor.Type.VOLTAGE && s.name().equals("P12V")));
			Capabilities caps = c.capabilities();
			assertTrue(caps.sensors() && caps.inventory() && caps.identify());
			assertEquals(EnumSet.allOf(BootDevice.class), caps.bootDevices());
			assertEquals(EnumSet.allOf(BootMode.class), caps.bootModes());
			assertEquals("session", caps.details().get("auth"));
			assertEquals("underlay-sim-0.1", caps.details().get("firmware"));
		}
	}

	@Test
	void identifyLed() throws Exception {
		start(config());
		try (BmcClient c = driver.open(http(sim), admin())) {
			c.identify(null);
			assertEquals("Lit", sim.indicatorLed("1"));
			c.identify(Duration.ZERO);
			assertEquals("Off", sim.indicatorLed("1"));
			assertEquals(BmcException.Kind.UNSUPPORTED, assertThrows(BmcException.class,
					() -> c.identify(Duration.ofSeconds(15))).kind());
		}
	}

	@Test
	void severalSystemsNeedAChoiceAndAFailedOpenLogsOut() throws Exception {
		start(config().systems(3));
		BmcException e = assertThrows(BmcException.class, () -> driver.open(http(sim), admin()));
		assertEquals(BmcException.Kind.UNSUPPORTED, e.kind());
		assertTrue(e.getMessage().contains("system \"<id>\"") && e.getMessage().contains("1, 2, 3"),
				e.getMessage());
		SimulatedBmc.assertOperatorWords(e.getMessage());
		assertEquals(1, sim.sessionsCreated());
		assertEquals(0, sim.sessionCount(), "the session of the failed open was deleted");
		try (BmcClient c = driver.open(http(sim).withOption(RedfishDriver.SYSTEM, "2"), admin())) {
			c.power(PowerAction.OFF);
			c.identify(null);
		}
		assertEquals("Lit", sim.indicatorLed("2"));
		assertEquals("Off", sim.indicatorLed("1"));
		assertEquals(BmcException.Kind.UNSUPPORTED, assertThrows(BmcException.class,
				() -> driver.open(http(sim).withOption(RedfishDriver.SYSTEM, "9"), admin())).kind());
	}

	@Test
	void oneClientPerSystemInParallel() throws Exception {
		start(config().systems(3).maxSessions(3).powerTransitionDelay(Duration.ofMillis(300)));
		List<CompletableFuture<String>> runs = new ArrayList<>();
		for (String id : sim.systemIds()) {
			runs.add(CompletableFuture.supplyAsync(() -> {
				try (RedfishClient c = driver.openRedfish(http(sim).withOption(RedfishDriver.SYSTEM, id), admin())) {
					c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
					c.power(PowerAction.ON);
					c.awaitPowerState(PowerState.ON, Duration.ofSeconds(10));
					return c.inventory().serialNumber();
				} catch (BmcException e) {
					return e.getMessage();
				}
			}));
		}
		assertEquals(List.of("SIM000001", "SIM000002", "SIM000003"), runs.stream()
				.map(CompletableFuture::join).toList());
		for (String id : sim.systemIds()) {
			assertEquals("On", sim.powerState(id));
			assertEquals(1, sim.bootCount(id));
			assertEquals("Disabled", sim.bootOverride(id).enabled(), "the one-time PXE boot was used");
		}
	}

	@Test
	void basicAuthWhenAskedOrWhenSessionsRunOut() throws Exception {
		start(config().maxSessions(1));
		try (BmcClient c = driver.open(http(sim).withOption(RedfishDriver.AUTH, "basic"), admin())) {
			assertEquals(PowerState.OFF, c.powerState());
			assertEquals("basic", c.capabilities().details().get("auth"));
		}
		assertEquals(0, sim.sessionsCreated());
		try (RedfishClient first = driver.openRedfish(http(sim), admin());
				BmcClient second = driver.open(http(sim), admin())) {
			assertNotNull(first.sessionUri());
			assertEquals("basic", second.capabilities().details().get("auth"), "cap reached: Basic fallback");
			assertEquals(PowerState.OFF, second.powerState());
		}
		BmcException e = assertThrows(BmcException.class, () -> {
			try (RedfishClient first = driver.openRedfish(http(sim), admin())) {
				driver.open(http(sim).withOption(RedfishDriver.AUTH, "session"), admin()).close();
			}
		});
		assertEquals(BmcException.Kind.UNSUPPORTED, e.kind());
	}

	@Test
	void anExpiredSessionIsRenewedOnce() throws Exception {
		start(config());
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			String session = c.sessionUri();
			// the BMC drops the session (timeout, BMC reset, an administrator)
			HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
					URI.create(sim.baseUri() + session)).DELETE().header("Authorization", "Basic " + Base64
							.getEncoder().encodeToString(("admin:" + SimulatedBmc.ADMIN_PASSWORD)
									.getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers
											.ofString());
			assertEquals(204, r.statusCode());
			assertEquals(PowerState.OFF, c.powerState());
			assertEquals(2, sim.sessionsCreated());
			assertFalse(session.equals(c.sessionUri()));
		}
	}

	@Test
	void anIdleSessionThatTimedOutIsRenewed() throws Exception {
		start(config().sessionTimeout(Duration.ofMillis(300)));
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			Thread.sleep(500);
			assertEquals(0, sim.sessionCount(), "the BMC dropped the idle session");
			assertEquals(PowerState.OFF, c.powerState());
			assertEquals(2, sim.sessionsCreated());
		}
	}

	@Test
	void readOnlyUserCannotSwitchPower() throws Exception {
		start(config());
		try (BmcClient c = driver.open(http(sim), new Credentials("viewer",
				SimulatedBmc.VIEWER_PASSWORD.toCharArray()))) {
			assertEquals(PowerState.OFF, c.powerState());
			BmcException e = assertThrows(BmcException.class, () -> c.power(PowerAction.ON));
			assertEquals(BmcException.Kind.AUTH_FAILED, e.kind());
			assertTrue(e.getMessage().contains("privilege"), e.getMessage());
			assertFalse(e.getMessage().contains(SimulatedBmc.VIEWER_PASSWORD));
		}
		assertEquals("Off", sim.powerState("1"));
	}

	@Test
	void closedClientRefusesCalls() throws Exception {
		start(config());
		BmcClient c = driver.open(http(sim), admin());
		c.close();
		c.close();
		assertEquals(BmcException.Kind.CANCELLED, assertThrows(BmcException.class, c::powerState).kind());
		assertNull(((RedfishClient) c).sessionUri());
	}
}
