package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.InsecureOption;
import org.underlay.deploy.engine.BmcEndpoints;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.plan.Plan;
import org.underlay.operations.plan.Planner;
import org.underlay.testing.design.Designs;

/**
 * A binding's BMC options on their way to the driver: the planner carries them in the plan's endpoint (shown in its
 * text and JSON), {@link BmcEndpoints} turns them into the driver's options and the insecure settings the binding
 * allows by name, and the binding's own option wins over one the caller passes.
 */
class BmcEndpointOptionsTest {

	private static final String PIN = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
	private static final Duration TIMEOUT = Duration.ofSeconds(7);
	/** What the rehearsal lab passes for every BMC: its own CA. */
	private static final Map<String, String> LAB = Map.of("redfish.tls.caFile", "/lab/ca.pem");

	@TempDir
	Path folder;

	private Plan plan() throws Exception {
		Files.createDirectories(folder.resolve("certs"));
		Files.writeString(folder.resolve("certs/fra1-bmc-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
		Files.writeString(folder.resolve("rf.underlay"), "package t.rf\ndevice-type Rf { height 1 port eth0 bmc redfish }\n");
		Site site = Designs.site(folder, """
				import t.rf.*
				site s {
					room r {
						rack k height 10 {
							server a : Rf at 1
							server b : Rf at 2
							server c : Rf at 3
							server d : Box at 4
							server e : Box at 5
							server f : Box at 6
						}
					}
				}
				environment production for s {
					a { bmc redfish bmc-a.example:443 credential fra1-bmc system "System.Embedded.1" manager "iDRAC.Embedded.1" tls-ca "certs/fra1-bmc-ca.pem" }
					b { bmc redfish 10.0.0.2:443 credential fra1-bmc tls-fingerprint "%s" insecure-tls }
					c { bmc redfish 10.0.0.3:80 credential fra1-bmc insecure-http }
					d { bmc ipmi 10.0.0.4:623 credential fra1-bmc cipher 0 }
					e { bmc ipmi 10.0.0.5:623 credential fra1-bmc cipher 0 allow-insecure allow-legacy-ipmi }
					f { bmc ipmi 10.0.0.6:623 credential fra1-bmc cipher 17 }
				}
				""".formatted(PIN));
		return Planner.plan(site, Designs.environment(site, "production"), null);
	}

	@Test
	void thePlanCarriesTheBindingsOptions() throws Exception {
		Plan plan = plan();
		Map<String, Map<String, String>> options = new LinkedHashMap<>();
		plan.machines().forEach(m -> options.put(m.name(), m.bmc().options()));
		String ca = folder.toAbsolutePath().normalize().resolve("certs/fra1-bmc-ca.pem").toString();
		assertEquals(Map.of("system", "System.Embedded.1", "manager", "iDRAC.Embedded.1", "tls-ca", ca), options.get("a"),
				"tls-ca as an absolute path, resolved against the design folder");
		assertEquals(Map.of("tls-fingerprint", PIN, "insecure-tls", "true"), options.get("b"));
		assertEquals(Map.of("insecure-http", "true"), options.get("c"));
		assertEquals(Map.of("cipher", "0"), options.get("d"));
		assertEquals(Map.of("cipher", "0", "allow-insecure", "true", "allow-legacy-ipmi", "true"), options.get("e"));
		assertEquals(Map.of("cipher", "17"), options.get("f"));
	}

	@Test
	void thePlansTextAndJsonShowThem() throws Exception {
		Plan plan = plan();
		String ca = folder.toAbsolutePath().normalize().resolve("certs/fra1-bmc-ca.pem").toString();
		String text = plan.toText();
		assertTrue(text.contains("a  bmc redfish bmc-a.example:443 credential fra1-bmc manager \"iDRAC.Embedded.1\" system "
				+ "\"System.Embedded.1\" tls-ca \"" + ca + "\"  ssh (none)"), text);
		assertTrue(text.contains("b  bmc redfish 10.0.0.2:443 credential fra1-bmc insecure-tls tls-fingerprint \"" + PIN + "\""), text);
		assertTrue(text.contains("e  bmc ipmi 10.0.0.5:623 credential fra1-bmc allow-insecure allow-legacy-ipmi cipher 0"), text);
		String json = plan.toJson();
		assertTrue(json.contains("\"tls-ca\": \"" + ca + "\""), json);
		assertTrue(json.contains("\"manager\": \"iDRAC.Embedded.1\""), json);
		assertTrue(json.contains("\"insecure-http\": \"true\""), json);
	}

	@Test
	void theDriverGetsWhatTheBindingSays() throws Exception {
		Map<String, BmcEndpoint> driver = new LinkedHashMap<>();
		plan().machines().forEach(m -> driver.put(m.name(), BmcEndpoints.of(m.bmc(), LAB, TIMEOUT)));
		String ca = folder.toAbsolutePath().normalize().resolve("certs/fra1-bmc-ca.pem").toString();

		BmcEndpoint a = driver.get("a");
		assertEquals(List.of("redfish", "bmc-a.example", 443, TIMEOUT), List.of(a.protocol(), a.host(), a.port(), a.timeout()));
		assertEquals(Map.of("redfish.system", "System.Embedded.1", "redfish.manager", "iDRAC.Embedded.1",
				"redfish.tls.caFile", ca), a.options(), "the binding's CA wins over the lab's");
		assertEquals(Set.of(), a.allowed());

		BmcEndpoint b = driver.get("b");
		assertEquals(Map.of("redfish.tls.pinnedSha256", PIN, "redfish.tls.verify", "false"), b.options(),
				"the binding decides how the BMC is trusted: the caller's CA is not passed on");
		assertEquals(Set.of(InsecureOption.TLS_UNVERIFIED), b.allowed());

		BmcEndpoint c = driver.get("c");
		assertEquals(Map.of("redfish.scheme", "http", "redfish.tls.caFile", "/lab/ca.pem"), c.options());
		assertEquals(Set.of(InsecureOption.PLAIN_HTTP), c.allowed());

		BmcEndpoint d = driver.get("d");
		assertEquals("0", d.options().get("ipmi.cipherSuite"));
		assertEquals(Set.of(), d.allowed(), "cipher 0 without allow-insecure: the driver refuses it");

		BmcEndpoint e = driver.get("e");
		assertEquals("0", e.options().get("ipmi.cipherSuite"));
		assertEquals(Set.of(InsecureOption.IPMI_CIPHER_0, InsecureOption.IPMI_V1_5), e.allowed());

		BmcEndpoint f = driver.get("f");
		assertEquals("17", f.options().get("ipmi.cipherSuite"));
		assertEquals(Set.of(), f.allowed());
	}

	@Test
	void allowInsecureAllowsCipherZeroOnly() {
		BmcEndpoint endpoint = BmcEndpoints.of(new Plan.Endpoint("ipmi", "h", 623, null, "c",
				Map.of("cipher", "3", "allow-insecure", "true")), Map.of(), TIMEOUT);
		assertEquals(Set.of(), endpoint.allowed());
		BmcEndpoint redfish = BmcEndpoints.of(new Plan.Endpoint("redfish", "h", 443, null, "c",
				Map.of("allow-insecure", "true")), Map.of(), TIMEOUT);
		assertEquals(Set.of(), redfish.allowed(), "neither unverified TLS nor plain HTTP without their own keyword");
	}

	@Test
	void theBindingsOptionWinsOverTheCallers() {
		BmcEndpoint endpoint = BmcEndpoints.of(new Plan.Endpoint("redfish", "h", 443, null, "c",
				Map.of("system", "2", "tls-ca", "/design/ca.pem")),
				Map.of("redfish.system", "1", "redfish.tls.caFile", "/lab/ca.pem", "redfish.auth", "basic"), TIMEOUT);
		assertEquals(Map.of("redfish.system", "2", "redfish.tls.caFile", "/design/ca.pem", "redfish.auth", "basic"),
				endpoint.options());
	}
}
