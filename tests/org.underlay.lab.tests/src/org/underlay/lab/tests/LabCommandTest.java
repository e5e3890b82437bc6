package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.lab.Lab;
import org.underlay.lab.LabCommand;

/** {@code lab up | status | down} on the example's site ams1 (three Redfish machines and one IPMI machine). */
class LabCommandTest {

	@TempDir
	Path tmp;
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@AfterEach
	void down() throws Exception {
		Lab.down(tmp.resolve("lab"));
	}

	private int run(String... args) {
		out.reset();
		err.reset();
		return new LabCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	/** Without --state the lab lives where underlay.lab (or UNDERLAY_LAB) says, not in the operator's home. */
	@Test
	void configuredDefaultStateDir() {
		String before = System.getProperty("underlay.lab");
		try {
			System.setProperty("underlay.lab", tmp.resolve("pipeline-lab").toString());
			assertEquals(tmp.resolve("pipeline-lab"), Lab.defaultStateDir());
			assertEquals(0, run("status"), err());
			assertEquals("lab status: no lab in " + tmp.resolve("pipeline-lab") + "\n", out());
			System.clearProperty("underlay.lab");
			if (System.getenv("UNDERLAY_LAB") == null) {
				assertEquals(Path.of(System.getProperty("user.home"), ".underlay", "lab"), Lab.defaultStateDir());
			}
		} finally {
			if (before == null) {
				System.clearProperty("underlay.lab");
			} else {
				System.setProperty("underlay.lab", before);
			}
		}
	}

	@Test
	void upStatusDown() throws Exception {
		String state = tmp.resolve("lab").toString();
		String design = LabPlanTest.example().toString();
		assertEquals(0, run("up", design, "--site", "ams1", "--state", state), err());
		String up = out();
		assertTrue(up.contains("util-01") && up.contains("ipmi") && up.contains("udp 127.0.0.1:19004"), up);
		assertTrue(up.contains("lab up: site ams1, 4 machines"), up);
		String password;
		try (Secret s = new FileCredentials(Path.of(state, "credentials")).resolve("lab-bmc")) {
			password = new String(s.password());
		}

		assertEquals(2, run("lab", "up", design, "--site", "ams1", "--state", state));
		assertEquals(1, err().strip().lines().count(), err());
		assertTrue(err().contains("already up"), err());

		assertEquals(0, run("status", "--state", state), err());
		assertTrue(out().contains("edge-01") && out().contains("powered off"), out());
		assertTrue(out().contains("lab status: site ams1, 4 machines, 0 powered on, agent up, 0 BMCs down"), out());

		assertEquals(0, run("down", "--state", state), err());
		assertTrue(out().contains("all ports free"), out());
		assertFalse(Files.exists(Path.of(state, "state.json")));
		assertEquals(0, run("down", "--state", state), err());
		assertTrue(out().contains("no lab"), out());
		assertFalse(up.contains(password), "the BMC password is never printed");
	}

	@Test
	void usageErrorsAreOneLineAndExitTwo() {
		assertEquals(2, run());
		assertEquals(2, run("up", "--state", tmp.resolve("lab").toString()));
		assertTrue(err().startsWith("underlay lab up: name the design folder"), err());
		assertEquals(2, run("frobnicate"));
		assertTrue(err().startsWith("underlay lab: unknown command 'frobnicate'"), err());
		assertEquals(2, run("up", LabPlanTest.example().toString(), "--site", "nowhere", "--state",
				tmp.resolve("lab").toString()));
		assertEquals(1, err().strip().lines().count(), err());
		assertTrue(err().contains("no site 'nowhere'"), err());
		assertEquals(2, run("up", tmp.resolve("missing").toString(), "--state", tmp.resolve("lab").toString()));
		assertTrue(err().contains("not a design folder"), err());
		assertEquals(0, run("help"));
		assertTrue(out().contains("lab up <design folder>"), out());
		for (String command : new String[] { "up", "down", "status" }) {
			assertEquals(0, run(command, "--help"), command + " --help: " + err());
			assertTrue(out().contains("lab up <design folder>") && err().isEmpty(), out() + err());
		}
	}
}
