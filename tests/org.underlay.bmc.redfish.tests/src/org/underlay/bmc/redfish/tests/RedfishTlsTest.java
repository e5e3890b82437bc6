package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.admin;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.config;
import static org.underlay.bmc.redfish.tests.SimulatedBmc.https;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.InsecureOption;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.RedfishSimulator;

/** TLS verification: on by default; the simulator's self-signed certificate trusted as CA or pinned. */
class RedfishTlsTest extends SimulatedBmcTest {

	@TempDir
	Path dir;

	private RedfishSimulator startTls() throws Exception {
		return start(config().tls(true));
	}

	private String fingerprint() throws Exception {
		byte[] d = MessageDigest.getInstance("SHA-256").digest(sim.certificate().orElseThrow().getEncoded());
		return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
	}

	@Test
	void untrustedCertificateIsRefusedBeforeAnyCredentialIsSent() throws Exception {
		startTls();
		BmcException e = assertThrows(BmcException.class, () -> driver.open(https(sim), admin()));
		assertEquals(BmcException.Kind.AUTH_FAILED, e.kind());
		assertTrue(e.getMessage().contains("not trusted") && e.getMessage().contains("tls-fingerprint \""
				+ fingerprint() + "\"") && e.getMessage().contains("tls-ca \"<file>\""),
				"the operator learns the fingerprint to check and what to write: " + e.getMessage());
		SimulatedBmc.assertOperatorWords(e.getMessage());
		assertEquals(0, sim.sessionsCreated());
		assertEquals(0, sim.requestCount(), "no request got through the handshake");
	}

	@Test
	void simulatorCertificateAsCaFile() throws Exception {
		startTls();
		Path ca = dir.resolve("bmc-ca.pem");
		Files.writeString(ca, sim.certificatePem());
		try (BmcClient c = driver.open(https(sim).withOption(RedfishDriver.CA_FILE, ca.toString()), admin())) {
			assertEquals(PowerState.OFF, c.powerState());
		}
		// the certificate names 127.0.0.1 and localhost; the host name is checked against it
		BmcEndpoint byName = new BmcEndpoint(RedfishDriver.PROTOCOL, "localhost", sim.port(), Duration.ofSeconds(5),
				Set.of(), Map.of(RedfishDriver.CA_FILE, ca.toString()));
		try (BmcClient c = driver.open(byName, admin())) {
			assertEquals(PowerState.OFF, c.powerState());
		}
	}

	@Test
	void pinnedFingerprint() throws Exception {
		startTls();
		try (BmcClient c = driver.open(https(sim).withOption(RedfishDriver.PINNED_SHA256, fingerprint()), admin())) {
			assertEquals(PowerState.OFF, c.powerState());
		}
		String other = "00".repeat(32);
		BmcException e = assertThrows(BmcException.class, () -> driver.open(https(sim)
				.withOption(RedfishDriver.PINNED_SHA256, other), admin()));
		assertEquals(BmcException.Kind.AUTH_FAILED, e.kind());
		SimulatedBmc.assertOperatorWords(e.getMessage());
		BmcException malformed = assertThrows(BmcException.class, () -> driver.open(https(sim)
				.withOption(RedfishDriver.PINNED_SHA256, "abc"), admin()));
		assertEquals(BmcException.Kind.UNSUPPORTED, malformed.kind());
		assertTrue(malformed.getMessage().contains("tls-fingerprint"), malformed.getMessage());
		SimulatedBmc.assertOperatorWords(malformed.getMessage());
		assertEquals(1, sim.sessionsCreated());
	}

	@Test
	void anUnusableCaFileIsNamedAsTheBindingWritesIt() throws Exception {
		startTls();
		Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
		for (Path ca : new Path[] { empty, dir.resolve("missing.pem") }) {
			BmcException e = assertThrows(BmcException.class, () -> driver.open(https(sim)
					.withOption(RedfishDriver.CA_FILE, ca.toString()), admin()));
			assertEquals(BmcException.Kind.UNSUPPORTED, e.kind(), e.getMessage());
			assertTrue(e.getMessage().contains("tls-ca") && e.getMessage().contains(ca.toString()), e.getMessage());
			SimulatedBmc.assertOperatorWords(e.getMessage());
		}
		assertEquals(0, sim.requestCount());
	}

	@Test
	void anotherServersCertificateDoesNotMatchTheCa() throws Exception {
		startTls();
		try (RedfishSimulator other = RedfishSimulator.start(config().tls(true).build())) {
			Path ca = dir.resolve("other.pem");
			Files.writeString(ca, other.certificatePem());
			BmcException e = assertThrows(BmcException.class, () -> driver.open(https(sim)
					.withOption(RedfishDriver.CA_FILE, ca.toString()), admin()));
			assertEquals(BmcException.Kind.AUTH_FAILED, e.kind());
		}
	}

	@Test
	void skippingVerificationMustBeAllowed() throws Exception {
		startTls();
		BmcException e = assertThrows(BmcException.class, () -> driver.open(https(sim)
				.withOption(RedfishDriver.VERIFY, "false"), admin()));
		assertEquals(BmcException.Kind.INSECURE_REFUSED, e.kind());
		assertTrue(e.getMessage().contains("insecure-tls") && e.getMessage().contains("tls-fingerprint")
				&& e.getMessage().contains("tls-ca"), e.getMessage());
		SimulatedBmc.assertOperatorWords(e.getMessage());
		assertEquals(BmcException.Kind.INSECURE_REFUSED, assertThrows(BmcException.class, () -> driver.open(
				https(sim).withOption(RedfishDriver.VERIFY, "false").allowing(InsecureOption.PLAIN_HTTP), admin()))
				.kind(), "insecure-http does not switch off certificate checks");
		assertEquals(0, sim.requestCount(), "refused before any traffic");
		try (BmcClient c = driver.open(https(sim).withOption(RedfishDriver.VERIFY, "false")
				.allowing(InsecureOption.TLS_UNVERIFIED), admin())) {
			assertEquals(PowerState.OFF, c.powerState());
		}
	}

	@Test
	void plainHttpNeedsInsecureHttpNotInsecureTls() throws Exception {
		start(config());
		BmcEndpoint plain = https(sim).withOption(RedfishDriver.SCHEME, "http");
		for (BmcEndpoint ep : new BmcEndpoint[] { plain, plain.allowing(InsecureOption.TLS_UNVERIFIED) }) {
			BmcException e = assertThrows(BmcException.class, () -> driver.open(ep, admin()));
			assertEquals(BmcException.Kind.INSECURE_REFUSED, e.kind(), e.getMessage());
			assertTrue(e.getMessage().contains("insecure-http"), e.getMessage());
			SimulatedBmc.assertOperatorWords(e.getMessage());
		}
		assertEquals(0, sim.requestCount(), "refused before any traffic");
		try (BmcClient c = driver.open(plain.allowing(InsecureOption.PLAIN_HTTP), admin())) {
			assertEquals(PowerState.OFF, c.powerState());
		}
	}

	@Test
	void httpsToAPlainHttpPortIsAProtocolError() throws Exception {
		start(config());
		BmcException e = assertThrows(BmcException.class, () -> driver.open(https(sim)
				.withTimeout(Duration.ofSeconds(3)), admin()));
		assertEquals(BmcException.Kind.PROTOCOL, e.kind(), e.getMessage());
		assertFalse(e.getMessage().contains(SimulatedBmc.ADMIN_PASSWORD));
	}
}
