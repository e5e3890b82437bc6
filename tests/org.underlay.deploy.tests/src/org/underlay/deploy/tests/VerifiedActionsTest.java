package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.sim.redfish.Personality;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.deploy.engine.Journal;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.SshOptions;

/**
 * The engine's verdict on every simulator personality (real HTTP over loopback): an action is done only when what
 * it asked for is read back, fails with both states named when the BMC did something else, and falls back where
 * the BMC lacks an operation. (The same faults through the command line, run against the engine before it checked
 * its actions, are {@code DeployTrustTest} in the CLI tests: they failed there.)
 */
class VerifiedActionsTest extends PeerTest {

	private static final String PASSWORD = "verified-test-only-Pw3";

	private RedfishSimulator sim(String power, UnaryOperator<SimulatorConfig.Builder> behaviour) throws Exception {
		RedfishSimulator sim = RedfishSimulator.start(behaviour.apply(SimulatorConfig.builder()
				.user("admin", PASSWORD, SimulatorConfig.Role.Administrator)
				.powerTransitionDelay(Duration.ofMillis(300))).build());
		peers.add(sim);
		for (String system : sim.systemIds()) {
			sim.setPowerState(system, power);
		}
		return sim;
	}

	/** Plain HTTP to the simulator, as a binding with {@code insecure-http} asks for. */
	private static Plan.Endpoint endpoint(int port, Map<String, String> more) {
		Map<String, String> options = new LinkedHashMap<>(more);
		options.put("insecure-http", "true");
		return new Plan.Endpoint("redfish", "127.0.0.1", port, null, "rf", options);
	}

	private record Run(Applier.Report report, List<String> said) {
		String machine() {
			return report.machines().get(0).toString();
		}
	}

	private Applier applier() throws Exception {
		Path secrets = tmp.resolve("credentials");
		Files.writeString(secrets, "rf.user = admin\nrf.password = " + PASSWORD + "\n");
		Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
		return new Applier(EngineSettings.of(new FileCredentials(secrets), SshOptions.defaults(), tmp)
				.withAttempts(2).withBmcTimeout(Duration.ofSeconds(2)).withPowerTimeout(Duration.ofSeconds(15))
				.withSoftTimeout(Duration.ofSeconds(5)));
	}

	/** Applies the steps ("on", "pxe once", ...) to one machine behind the endpoint; collects what was reported. */
	private Run apply(Plan.Endpoint bmc, String... steps) throws Exception {
		Plan.Machine machine = new Plan.Machine("m0", bmc, null, List.of("w"));
		List<Plan.Action> actions = new ArrayList<>();
		for (String step : steps) {
			boolean boot = step.startsWith("pxe") || step.startsWith("disk");
			actions.add(new Plan.Action(actions.size() + 1, "m0", boot ? Plan.Kind.BOOT : Plan.Kind.POWER, step,
					actions.isEmpty() ? List.of() : List.of(actions.size()), "w step " + (actions.size() + 1)));
		}
		Applier applier = applier();
		List<String> said = new CopyOnWriteArrayList<>();
		Path journal = tmp.resolve("journal-" + System.nanoTime() + ".jsonl");
		try (Journal j = Journal.open(journal)) {
			Applier.Report report = applier.apply(new Plan("lab", "s", "w", List.of(machine), actions, Map.of(),
					List.of()), j, new Applier.Listener() {
						@Override
						public void action(String m, Plan.Action a, Journal.Status status, String message) {
							if (status == Journal.Status.DONE || status == Journal.Status.FAILED) {
								said.add(a.id() + " " + status + " " + message);
							}
						}
					});
			return new Run(report, said);
		}
	}

	private static List<String> resets(RedfishSimulator sim) {
		return sim.resetHistory().stream().filter(RedfishSimulator.ResetRequest::accepted)
				.map(RedfishSimulator.ResetRequest::resetType).toList();
	}

	@Test
	void slowAsynchronousPowerIsWaitedForEveryStep() throws Exception {
		RedfishSimulator sim = sim("Off", b -> b.personality(Personality.SLOW_POWER));
		Run run = apply(endpoint(sim.port(), Map.of()), "on", "off", "on");
		assertTrue(run.report().ok(), run::toString);
		assertEquals("On", sim.powerState(sim.systemIds().get(0)), "done means on, now");
		assertTrue(run.said().get(0).startsWith("1 DONE on after ") && run.said().get(1).startsWith("2 DONE off after "),
				run.said()::toString);
	}

	@Test
	void aResetTheBmcAcceptsButNeverCarriesOutFails() throws Exception {
		RedfishSimulator off = sim("Off", b -> b.personality(Personality.IGNORED_RESET));
		Run on = apply(endpoint(off.port(), Map.of()), "on");
		assertTrue(on.said().get(0).startsWith("1 FAILED asked the BMC to power on, but after 15 s it still reports "
				+ "off"), on.said()::toString);
		RedfishSimulator running = sim("On", b -> b.personality(Personality.IGNORED_RESET));
		Run cycle = apply(endpoint(running.port(), Map.of()), "cycle");
		assertTrue(cycle.said().get(0).startsWith("1 FAILED the BMC accepted ResetType PowerCycle but the machine did "
				+ "not restart"), cycle.said()::toString);
		Run soft = apply(endpoint(running.port(), Map.of()), "soft");
		assertTrue(soft.said().get(0).startsWith("1 FAILED the operating system did not shut down within 5 s"),
				soft.said()::toString);
	}

	@Test
	void aPowerCycleUsesTheBmcsOwnWhereListedAndOffPlusOnWhereNot() throws Exception {
		RedfishSimulator own = sim("On", b -> b);
		Run native1 = apply(endpoint(own.port(), Map.of()), "cycle");
		assertTrue(native1.said().get(0).startsWith("1 DONE restarted with ResetType PowerCycle"), native1.said()::toString);
		assertEquals(List.of("PowerCycle"), resets(own));
		RedfishSimulator without = sim("On", b -> b.personality(Personality.NO_POWER_CYCLE));
		Run fallback = apply(endpoint(without.port(), Map.of()), "cycle");
		assertTrue(fallback.report().ok(), fallback::toString);
		assertEquals(List.of("ForceOff", "On"), resets(without));
	}

	@Test
	void aOnceOverrideStoredAsContinuousFailsWithWhatTheBmcStored() throws Exception {
		RedfishSimulator sim = sim("Off", b -> b.personality(Personality.BOOT_ONCE_BECOMES_CONTINUOUS));
		Run run = apply(endpoint(sim.port(), Map.of()), "pxe once");
		assertEquals("1 FAILED the BMC stored the boot override as Continuous (every start would boot from pxe), not "
				+ "Once as asked", run.said().get(0));
		Plan.Machine machine = new Plan.Machine("m0", endpoint(sim.port(), Map.of()), null, List.of());
		var observed = applier().collect("lab", List.of(machine)).findMachine("m0");
		assertEquals("pxe", observed.getBootDevice());
		assertEquals("continuous", observed.getBootOverride(), "collect records how the BMC holds the override");
		RedfishSimulator faithful = sim("Off", b -> b);
		Run ok = apply(endpoint(faithful.port(), Map.of()), "pxe once");
		assertEquals("1 DONE boot override pxe once (read back)", ok.said().get(0));
		Plan.Machine kept = new Plan.Machine("m0", endpoint(faithful.port(), Map.of()), null, List.of());
		assertEquals("once", applier().collect("lab", List.of(kept)).findMachine("m0").getBootOverride());
	}

	@Test
	void servicesWithoutSessionsEtagsOrKeepAliveWorkThroughTheEngine() throws Exception {
		for (Personality p : List.of(Personality.NO_SESSION_SERVICE, Personality.SESSION_LOGIN_NOT_ALLOWED,
				Personality.NO_ETAG, Personality.HTTP_1_0)) {
			RedfishSimulator sim = sim("Off", b -> b.personality(p));
			Run run = apply(endpoint(sim.port(), Map.of()), "pxe once", "on");
			assertTrue(run.report().ok(), p + ": " + run);
			assertEquals("On", sim.powerState(sim.systemIds().get(0)), p.toString());
		}
	}

	@Test
	void aBmcOfSeveralSystemsDrivesTheOneTheBindingNames() throws Exception {
		RedfishSimulator sim = sim("Off", b -> b.personality(Personality.MULTI_SYSTEM));
		Run run = apply(endpoint(sim.port(), Map.of("system", "node3")), "on");
		assertTrue(run.report().ok(), run::toString);
		assertEquals("On", sim.powerState("node3"));
		assertEquals("Off", sim.powerState("node1"));
		Run ambiguous = apply(endpoint(sim.port(), Map.of()), "on");
		assertTrue(ambiguous.machine().contains("system \""), ambiguous::toString);
	}

	@Test
	void aLostAnswerToAPowerCycleIsReadBackNotSentAgain() throws Exception {
		RedfishSimulator sim = sim("On", b -> b.personality(Personality.HTTP_1_0));
		try (LosingProxy proxy = new LosingProxy(sim.port(), "ComputerSystem.Reset")) {
			Run run = apply(endpoint(proxy.port(), Map.of()), "cycle");
			assertTrue(run.said().get(0).startsWith("1 DONE restarted with ResetType PowerCycle"), run.said()::toString);
			assertTrue(proxy.lost.get(), "the proxy dropped the BMC's answer");
		}
		assertEquals(List.of("PowerCycle"), resets(sim), "one cycle, not a second on a new session");
	}

	@Test
	void everyApplyWarnsOfAnUnauthenticatedIpmiSessionTheBindingAllows() throws Exception {
		List<String> warnings = new CopyOnWriteArrayList<>();
		Plan.Endpoint cipher0 = new Plan.Endpoint("ipmi", "127.0.0.1", 9, null, "rf",
				Map.of(Plan.Endpoint.CIPHER, "0", Plan.Endpoint.ALLOW_INSECURE, "true"));
		Plan plan = new Plan("lab", "s", "w", List.of(new Plan.Machine("m0", cipher0, null, List.of("w"))),
				List.of(new Plan.Action(1, "m0", Plan.Kind.POWER, "on", List.of(), "w step 1")), Map.of(), List.of());
		try (Journal journal = Journal.open(tmp.resolve("cipher0.jsonl"))) {
			applier().apply(plan, journal, new Applier.Listener() {
				@Override
				public void warning(String machine, String message) {
					warnings.add(machine + ": " + message);
				}
			});
		}
		assertEquals(List.of("m0: its BMC runs IPMI cipher suite 0 (allowed by the binding): the session has no "
				+ "authentication, integrity or confidentiality"), warnings);
	}

	/**
	 * A loopback proxy in front of an HTTP/1.0 BMC (one request per connection) that forwards every request and drops
	 * the answer to the first one naming {@code lose}: the BMC carried it out, the client never hears so.
	 */
	private static final class LosingProxy implements AutoCloseable {
		private final ServerSocket server;
		private final int target;
		private final String lose;
		final AtomicBoolean lost = new AtomicBoolean();
		private final List<Socket> held = new CopyOnWriteArrayList<>();

		LosingProxy(int target, String lose) throws IOException {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.target = target;
			this.lose = lose;
			Thread t = new Thread(this::serve, "losing-proxy");
			t.setDaemon(true);
			t.start();
		}

		int port() {
			return server.getLocalPort();
		}

		private void serve() {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Thread t = new Thread(() -> relay(client), "losing-proxy-relay");
					t.setDaemon(true);
					t.start();
				} catch (IOException e) {
					return;
				}
			}
		}

		private void relay(Socket client) {
			try (Socket bmc = new Socket(InetAddress.getLoopbackAddress(), target)) {
				byte[] request = readRequest(client.getInputStream());
				bmc.getOutputStream().write(request);
				bmc.getOutputStream().flush();
				byte[] answer = bmc.getInputStream().readAllBytes(); // HTTP/1.0: the BMC closes after its answer
				if (new String(request, StandardCharsets.ISO_8859_1).contains(lose) && lost.compareAndSet(false, true)) {
					held.add(client); // the answer never comes; the client times out
					return;
				}
				client.getOutputStream().write(answer);
				client.close();
			} catch (IOException e) {
				try {
					client.close();
				} catch (IOException ignored) {
					// closing a broken relay
				}
			}
		}

		private static byte[] readRequest(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) >= 0) {
				head.write(b);
				byte[] h = head.toByteArray();
				int n = h.length;
				if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
					break;
				}
			}
			String text = head.toString(StandardCharsets.ISO_8859_1);
			int length = 0;
			for (String line : text.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			head.write(in.readNBytes(length));
			return head.toByteArray();
		}

		@Override
		public void close() throws IOException {
			server.close();
			for (Socket s : held) {
				s.close();
			}
		}
	}
}
