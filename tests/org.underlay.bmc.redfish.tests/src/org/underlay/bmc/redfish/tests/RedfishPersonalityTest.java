package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.admin;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.config;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.http;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.redfish.RedfishClient;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.Personality;
import org.underlay.bmc.sim.redfish.RedfishSimulator;

/**
 * The driver against every simulator {@link Personality}, each modelled on third-party services: what the driver
 * does when sessions are missing or refused, ETags are missing, answers are HTTP/1.0, PowerCycle is not offered,
 * power is slow, a one-time boot override is kept for good, or a reset is accepted and ignored.
 */
class RedfishPersonalityTest extends SimulatedBmcTest {

	/** Every preset: log in, read, the operations it offers, the restart marker, log out. */
	@ParameterizedTest
	@EnumSource(Personality.class)
	void everyPersonalityCanBeDriven(Personality personality) throws Exception {
		start(config().personality(personality));
		BmcEndpoint ep = http(sim);
		if (personality == Personality.MULTI_SYSTEM) {
			ep = ep.withOption(RedfishDriver.SYSTEM, "node2");
		}
		try (BmcClient c = driver.open(ep, admin())) {
			messages.add(c.toString());
			assertEquals(PowerState.OFF, c.powerState());
			assertEquals(Optional.of("ResetType On"), c.operation(PowerAction.ON));
			assertEquals(personality == Personality.NO_POWER_CYCLE ? Optional.empty()
					: Optional.of("ResetType PowerCycle"), c.operation(PowerAction.CYCLE));
			assertTrue(c.restartMarker().isPresent(), "LastResetTime is read");
			assertEquals(personality == Personality.MULTI_SYSTEM ? "MULTI0002" : "SIM000001",
					c.inventory().serialNumber());
			messages.add(c.capabilities().toString());
		}
	}

	@ParameterizedTest
	@EnumSource(value = Personality.class, names = { "NO_SESSION_SERVICE", "SESSION_LOGIN_UNAUTHORIZED",
			"SESSION_LOGIN_NOT_ALLOWED", "SESSION_LOGIN_NOT_FOUND" })
	void withoutSessionsBasicWithTheRightPasswordAndAuthFailedWithAWrongOne(Personality personality)
			throws Exception {
		start(config().personality(personality));
		try (BmcClient c = driver.open(http(sim), admin())) {
			assertEquals("basic", c.capabilities().details().get("auth"));
			c.power(PowerAction.ON);
			assertEquals(List.of("On"), sim.resetHistory().stream().map(RedfishSimulator.ResetRequest::resetType)
					.toList());
		}
		assertEquals(0, sim.sessionsCreated());
		if (personality == Personality.NO_SESSION_SERVICE) {
			assertEquals(0, sim.loginAttempts(), "no login POST where the service root lists no sessions");
		}
		BmcException wrong = refused(BmcException.Kind.AUTH_FAILED, () -> driver.open(http(sim),
				SimulatedBmc.wrongPassword()));
		assertTrue(wrong.getMessage().contains("'admin'"), wrong.getMessage());
		SimulatedBmc.assertOperatorWords(wrong.getMessage());
	}

	@Test
	void sessionsOnlyOnAServiceWithoutThemIsUnsupported() throws Exception {
		start(config().personality(Personality.NO_SESSION_SERVICE));
		refused(BmcException.Kind.UNSUPPORTED, () -> driver.open(http(sim).withOption(RedfishDriver.AUTH, "session"),
				admin()));
		assertEquals(0, sim.loginAttempts());
	}

	@Test
	void noCycleOperationWithoutPowerCycle() throws Exception {
		start(config().personality(Personality.NO_POWER_CYCLE));
		try (BmcClient c = driver.open(http(sim), admin())) {
			assertEquals(Optional.empty(), c.operation(PowerAction.CYCLE),
					"no substitute: the engine decides how to cycle without PowerCycle");
			assertEquals(Optional.of("ResetType ForceRestart"), c.operation(PowerAction.HARD_RESET));
			assertEquals(Optional.of("ResetType ForceOff"), c.operation(PowerAction.OFF));
			assertEquals(Optional.of("ResetType GracefulShutdown"), c.operation(PowerAction.SOFT_SHUTDOWN));
			BmcException e = refused(BmcException.Kind.UNSUPPORTED, () -> c.power(PowerAction.CYCLE));
			assertTrue(e.getMessage().contains("PowerCycle"), e.getMessage());
		}
		assertEquals(List.of(), sim.resetHistory(), "nothing was sent instead");
	}

	@Test
	void operationsNameTheResetTypeTheBmcLists() throws Exception {
		start(config().resetTypes(List.of("ForceOn", "ForceOff", "PushPowerButton")));
		try (BmcClient c = driver.open(http(sim), admin())) {
			assertEquals(Optional.of("ResetType ForceOn"), c.operation(PowerAction.ON));
			assertEquals(Optional.of("ResetType PushPowerButton"), c.operation(PowerAction.SOFT_SHUTDOWN));
			assertEquals(Optional.empty(), c.operation(PowerAction.HARD_RESET));
		}
		assertEquals(List.of(), sim.resetHistory(), "reading the operations sends no reset");
	}

	@Test
	void restartMarkerChangesWithEveryRestart() throws Exception {
		start(config().powerTransitionDelay(Duration.ofMillis(100)));
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			String off = c.restartMarker().orElseThrow();
			c.power(PowerAction.ON);
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
			String on = c.restartMarker().orElseThrow();
			assertNotEquals(off, on);
			assertEquals(sim.lastResetTime("1"), on);
			c.power(PowerAction.HARD_RESET);
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
			String reset = c.restartMarker().orElseThrow();
			assertNotEquals(on, reset);
			c.power(PowerAction.CYCLE);
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
			assertNotEquals(reset, c.restartMarker().orElseThrow());
			c.power(PowerAction.OFF);
			assertEquals(c.restartMarker(), Optional.of(sim.lastResetTime("1")), "power off is no restart");
		}
	}

	@Test
	void anIgnoredResetLeavesTheRestartMarker() throws Exception {
		start(config().powerTransitionDelay(Duration.ofMillis(100)).personality(Personality.IGNORED_RESET));
		sim.setPowerState("1", "On");
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			String before = c.restartMarker().orElseThrow();
			c.power(PowerAction.HARD_RESET);
			c.power(PowerAction.CYCLE);
			Thread.sleep(400);
			assertEquals(PowerState.ON, c.powerState());
			assertEquals(Optional.of(before), c.restartMarker(), "the BMC accepted the resets and did nothing");
		}
		assertEquals(List.of("ForceRestart", "PowerCycle"), sim.resetHistory().stream()
				.map(RedfishSimulator.ResetRequest::resetType).toList());
	}

	@Test
	void onceStoredAsContinuousIsReadAsPersistent() throws Exception {
		start(config().personality(Personality.BOOT_ONCE_BECOMES_CONTINUOUS));
		try (BmcClient c = driver.open(http(sim), admin())) {
			c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
			assertEquals(BootOverride.persistent(BootDevice.PXE, BootMode.UEFI), c.bootOverride(),
					"what the BMC keeps, not what was asked for");
		}
	}

	@Test
	void http10WithoutETagsOverPinnedTlsEndToEnd() throws Exception {
		start(config().tls(true).personality(Personality.HTTP_1_0, Personality.NO_ETAG));
		String pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sim.certificate()
				.orElseThrow().getEncoded()));
		try (RedfishClient c = driver.openRedfish(SimulatedBmc.https(sim).withOption(RedfishDriver.PINNED_SHA256,
				pin), admin())) {
			assertEquals("session", c.capabilities().details().get("auth"));
			c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
			assertEquals(new RedfishSimulator.BootOverride("Pxe", "Once", "UEFI"), sim.bootOverride("1"));
			assertEquals(BootOverride.once(BootDevice.PXE, BootMode.UEFI), c.bootOverride());
			c.power(PowerAction.ON);
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
			assertEquals("Pxe", sim.lastBootTarget("1"));
			c.identify(null);
			assertEquals("Lit", sim.indicatorLed("1"));
			assertTrue(!c.sensors().isEmpty());
		}
	}

	@Test
	void http10PlainWithSessions() throws Exception {
		start(config().personality(Personality.HTTP_1_0));
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			c.setBootOverride(BootOverride.persistent(BootDevice.DISK, BootMode.LEGACY));
			assertEquals(BootOverride.persistent(BootDevice.DISK, BootMode.LEGACY), c.bootOverride());
			c.power(PowerAction.ON);
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(5));
		}
		assertEquals(1, sim.sessionsCreated());
	}

	@Test
	void slowPowerIsAcceptedAtOnceAndReachedByWaiting() throws Exception {
		start(config().personality(Personality.SLOW_POWER));
		try (RedfishClient c = driver.openRedfish(http(sim), admin())) {
			long t0 = System.nanoTime();
			c.power(PowerAction.ON);
			long accepted = (System.nanoTime() - t0) / 1_000_000;
			assertTrue(accepted < 1000, "accepted after " + accepted + " ms");
			assertEquals("Off", c.redfishPowerState(), "the BMC has only queued the request");
			c.awaitPowerState(PowerState.ON, Duration.ofSeconds(15));
			long ms = (System.nanoTime() - t0) / 1_000_000;
			assertTrue(ms >= 4900, "on after " + ms + " ms");
			System.out.println("slow power: accepted after " + accepted + " ms, on after " + ms + " ms");
		}
	}
}
