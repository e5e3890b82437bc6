package org.underlay.bmc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.tests.TestBmcs.assertFails;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException.Kind;
import org.underlay.bmc.BootDevice;
import org.underlay.bmc.BootMode;
import org.underlay.bmc.BootOverride;
import org.underlay.bmc.PowerState;
import org.underlay.testing.ipmi.IpmiSimulator;

/**
 * Cipher suite 17 end to end against {@link Suite17Bmc}, an in-test BMC written independently from the spec (no
 * real BMC with SHA-256 suites is available here: ipmi_sim lacks them). Together with the known-answer vectors of
 * {@link IpmiCryptoTest} this is the evidence for suite 17; it has not met real hardware.
 */
class CipherSuite17Test {

	private static BmcEndpoint endpoint(Suite17Bmc bmc) {
		return TestBmcs.endpoint(bmc.port(), Duration.ofSeconds(3)).withOption("ipmi.cipherSuite", "17");
	}

	@Test
	void sessionWithSha256IntegrityAndAes() throws Exception {
		try (Suite17Bmc bmc = new Suite17Bmc(IpmiSimulator.ADMIN, IpmiSimulator.password())) {
			try (BmcClient c = BmcDrivers.open(endpoint(bmc), TestBmcs.admin())) {
				assertEquals(PowerState.ON, c.powerState());
				assertEquals(PowerState.ON, c.powerState());
			}
			assertEquals("", bmc.lastError);
			// Set Session Privilege Level, 2 x Get Chassis Status, Close Session: all verified and decrypted
			assertTrue(bmc.sessionRequestsVerified >= 3, "verified " + bmc.sessionRequestsVerified);
		}
	}

	@Test
	void wrongPasswordIsAuthFailed() throws Exception {
		try (Suite17Bmc bmc = new Suite17Bmc(IpmiSimulator.ADMIN, IpmiSimulator.password())) {
			assertFails(Kind.AUTH_FAILED, Duration.ofSeconds(1),
					() -> BmcDrivers.open(endpoint(bmc), TestBmcs.wrongPassword(IpmiSimulator.ADMIN)));
		}
	}

	/**
	 * A BMC that does not know the password (an impostor at the BMC's address) cannot prove it in RAKP 2: the
	 * driver stops there and never sends RAKP 3 with its own proof, which would allow an offline password guess.
	 */
	@Test
	void impostorBmcGetsNoPasswordProof() throws Exception {
		try (Suite17Bmc impostor = new Suite17Bmc(IpmiSimulator.ADMIN, "guess".toCharArray())) {
			var e = assertFails(Kind.AUTH_FAILED, Duration.ofSeconds(1),
					() -> BmcDrivers.open(endpoint(impostor), TestBmcs.admin()));
			assertTrue(e.getMessage().contains("RAKP 2"), e.getMessage());
			Thread.sleep(100);
			assertEquals(0, impostor.rakp3AuthCodesReceived);
		}
	}

	/** Answers whose AuthCode does not verify are dropped like forgeries: no valid answer, so TIMEOUT, saying why. */
	@Test
	void tamperedAnswersAreDroppedUntilTheTimeout() throws Exception {
		try (Suite17Bmc bmc = new Suite17Bmc(IpmiSimulator.ADMIN, IpmiSimulator.password())) {
			bmc.tamper = true;
			var e = assertFails(Kind.TIMEOUT, Duration.ofMillis(3750),
					() -> BmcDrivers.open(endpoint(bmc), TestBmcs.admin()));
			assertTrue(e.getMessage().contains("integrity"), e.getMessage());
		}
	}

	/**
	 * A BMC that keeps the boot flags as sent (ipmi_sim keeps only the device): the read-back says Once or
	 * Continuous as stored, and no override once the BMC has cleared the valid bit (after the one-time boot).
	 */
	@Test
	void bootOverrideReadsBackPersistenceAndValidity() throws Exception {
		try (Suite17Bmc bmc = new Suite17Bmc(IpmiSimulator.ADMIN, IpmiSimulator.password());
				BmcClient c = BmcDrivers.open(endpoint(bmc), TestBmcs.admin())) {
			c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.UEFI));
			assertEquals(BootOverride.once(BootDevice.PXE, BootMode.UEFI), c.bootOverride());
			c.setBootOverride(BootOverride.persistent(BootDevice.DISK, BootMode.LEGACY));
			assertEquals(BootOverride.persistent(BootDevice.DISK, BootMode.LEGACY), c.bootOverride());
			c.setBootOverride(BootOverride.once(BootDevice.PXE, BootMode.LEGACY));
			bmc.bootConsumed();
			assertEquals(BootDevice.NONE, c.bootOverride().device(), "a cleared valid bit is no override");
		}
	}

	@Test
	void suite3AgainstASuite17OnlyBmcIsUnsupported() throws Exception {
		try (Suite17Bmc bmc = new Suite17Bmc(IpmiSimulator.ADMIN, IpmiSimulator.password())) {
			assertFails(Kind.UNSUPPORTED, Duration.ofSeconds(1), () -> BmcDrivers
					.open(endpoint(bmc).withOption("ipmi.cipherSuite", "3"), TestBmcs.admin()));
		}
	}
}
