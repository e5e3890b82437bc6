package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.sim.redfish.Main;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The simulator as the rehearsal lab runs it: a separate process, password from the environment, HTTPS; and with
 * personalities from the command line.
 */
class StandaloneSimulatorTest {

	private static final String PASSWORD = "standalone-test-only-Pw4";

	@TempDir
	Path dir;

	private static String location(Class<?> c) throws Exception {
		return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

	/** The simulator as a process with {@code args}; its "listening" line in {@code line[0]}. */
	private static Process start(String[] line, String... args) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> cmd = new ArrayList<>(List.of(java, "-cp", location(Main.class) + File.pathSeparator
				+ location(Gson.class), Main.class.getName(), "--user", "admin", "--password-env",
				"SIM_ADMIN_PASSWORD"));
		cmd.addAll(List.of(args));
		ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().put("SIM_ADMIN_PASSWORD", PASSWORD);
		pb.redirectErrorStream(true);
		Process p = pb.start();
		BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		line[0] = CompletableFuture.supplyAsync(() -> {
			try {
				return out.readLine();
			} catch (IOException e) {
				return null;
			}
		}).get(30, TimeUnit.SECONDS);
		assertNotNull(line[0], "the simulator process printed nothing");
		assertFalse(line[0].contains(PASSWORD));
		return p;
	}

	private ExternalTool.Result redfishtool(Path redfishtool, URI uri, String... args) throws Exception {
		Path cfg = dir.resolve("rft.json");
		JsonObject c = new JsonObject();
		c.addProperty("user", "admin");
		c.addProperty("password", PASSWORD);
		Files.writeString(cfg, c.toString());
		List<String> cmd = new ArrayList<>(List.of(redfishtool.toString(), "-r", "127.0.0.1:"
				+ uri.getPort(), "-c", cfg.toString()));
		cmd.addAll(List.of(args));
		ExternalTool.Result r = ExternalTool.run(cmd, Map.of(), Duration.ofSeconds(60), PASSWORD);
		assertEquals(0, r.exitCode(), r.both());
		return r;
	}

	private static void end(Process p) throws InterruptedException {
		p.destroy();
		assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the simulator ends on SIGTERM");
	}

	@Test
	void runsAsAProcessAndAnswersRedfishtool() throws Exception {
		Path redfishtool = ExternalTool.requireRedfishtool();
		Path cert = dir.resolve("bmc.pem");
		long t0 = System.nanoTime();
		String[] line = new String[1];
		Process p = start(line, "--systems", "3", "--tls", "--cert-out", cert.toString(), "--power-delay-ms",
				"100");
		try {
			assertTrue(line[0].startsWith("listening https://127.0.0.1:"), line[0]);
			long startMillis = (System.nanoTime() - t0) / 1_000_000;
			URI uri = URI.create(line[0].split(" ")[1]);
			assertTrue(Files.readString(cert).contains("BEGIN CERTIFICATE"));
			ExternalTool.Result r = redfishtool(redfishtool, uri, "-S", "Always", "-A", "Session", "Systems");
			JsonObject systems = JsonParser.parseString(r.stdout().substring(r.stdout().indexOf('{')))
					.getAsJsonObject();
			assertEquals(3, systems.get("Members@odata.count").getAsInt());
			System.out.println("standalone simulator listening after " + startMillis + " ms");
		} finally {
			end(p);
		}
	}

	@Test
	void runsWithPersonalities() throws Exception {
		Path redfishtool = ExternalTool.requireRedfishtool();
		String[] line = new String[1];
		Process p = start(line, "--personality", "multi-system,http-1-0", "--personality", "no-session-service");
		try {
			assertTrue(line[0].startsWith("listening http://127.0.0.1:") && line[0].contains("http10=true")
					&& line[0].contains("sessions=ABSENT") && line[0].contains("managers=2"), line[0]);
			URI uri = URI.create(line[0].split(" ")[1]);
			ExternalTool.Result r = redfishtool(redfishtool, uri, "-S", "Never", "-I", "node3", "Systems", "get");
			JsonObject system = JsonParser.parseString(r.stdout().substring(r.stdout().indexOf('{')))
					.getAsJsonObject();
			assertEquals("MULTI0003", system.get("SerialNumber").getAsString());
		} finally {
			end(p);
		}
	}
}
