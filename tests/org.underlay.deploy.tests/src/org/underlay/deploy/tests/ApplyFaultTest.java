package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.deploy.engine.Journal;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.SshOptions;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestKeys;

import com.google.gson.JsonParser;

/**
 * The journal against faults, on real peers: a BMC killed mid-apply, a second apply stopped gently (first Ctrl-C:
 * no new action, the one in flight finishes) and a third stopped hard (second Ctrl-C: the power action in flight is
 * interrupted), then a torn journal. The last apply resumes: every action ran exactly once (the commands' marks on
 * the hosts, the BMC's reset history), the interrupted power on was read back and not sent again, and every report
 * said what happened.
 */
class ApplyFaultTest extends PeerTest {

	private static final String PASSWORD = "fault-test-only-Pw9";

	private RedfishSimulator redfish(String initial) throws Exception {
		RedfishSimulator sim = RedfishSimulator.start(SimulatorConfig.builder()
				.user("admin", PASSWORD, SimulatorConfig.Role.Administrator)
				.powerTransitionDelay(Duration.ofMillis(1500)).tls(true).build());
		peers.add(sim);
		sim.setPowerState("1", initial);
		return sim;
	}

	private static Plan.Endpoint endpoint(RedfishSimulator sim) throws Exception {
		String pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
				.digest(sim.certificate().orElseThrow().getEncoded()));
		return new Plan.Endpoint("redfish", "127.0.0.1", sim.port(), null, "rf", Map.of("tls-fingerprint", pin));
	}

	private static Plan plan(Plan.Machine m0, Plan.Machine m1, Path marks) {
		List<Plan.Action> actions = new ArrayList<>();
		int id = 0;
		for (Plan.Machine m : List.of(m0, m1)) {
			String[][] steps = m == m0
					? new String[][] { { "POWER", "on" }, { "RUN", "echo one >> " + marks + "/m0" }, { "POWER", "off" },
							{ "POWER", "on" }, { "RUN", "echo two >> " + marks + "/m0" } }
					: new String[][] { { "POWER", "on" }, { "RUN", "echo one >> " + marks + "/m1" },
							{ "POWER", "soft" }, { "POWER", "on" }, { "RUN", "echo two >> " + marks + "/m1" } };
			for (int step = 0; step < steps.length; step++) {
				id++;
				actions.add(new Plan.Action(step + 1, m.name(), Plan.Kind.valueOf(steps[step][0]), steps[step][1],
						step == 0 ? List.of() : List.of(step), "fault step " + (step + 1)));
			}
		}
		return new Plan("lab", "s", "fault", List.of(m0, m1), actions, Map.of(), List.of());
	}

	@Test
	void everyActionRunsExactlyOnceThroughAKilledBmcTwoStopsAndATornJournal() throws Exception {
		SshTestKeys.KeyPairFiles key = SshTestKeys.generate(tmp, "id", "ed25519", false);
		StringBuilder known = new StringBuilder();
		List<OpenSshServer> hosts = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			OpenSshServer host = OpenSshServer.start();
			peers.add(host);
			host.authorize(key.publicKeyLine());
			known.append(host.knownHostsLines());
			hosts.add(host);
		}
		Files.writeString(tmp.resolve("known_hosts"), known);
		Path secrets = tmp.resolve("credentials");
		Files.writeString(secrets, "ipmi.user = " + IpmiSimulator.ADMIN + "\nipmi.password = "
				+ new String(IpmiSimulator.password()) + "\nrf.user = admin\nrf.password = " + PASSWORD
				+ "\nssh.keyFile = " + key.privateKey() + "\n");
		Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
		Path marks = Files.createDirectories(tmp.resolve("marks"));
		IpmiSimulator ipmi = IpmiSimulator.start("fault0", "FAULT000");
		peers.add(ipmi);
		RedfishSimulator first = redfish("Off");
		Plan.Machine m0 = new Plan.Machine("m0", new Plan.Endpoint("ipmi", ipmi.host(), ipmi.port(), null, "ipmi",
				Map.of("cipher", "3")), ssh(hosts.get(0)), List.of("fault"));
		Plan.Machine m1 = new Plan.Machine("m1", endpoint(first), ssh(hosts.get(1)), List.of("fault"));
		Applier applier = new Applier(EngineSettings.of(new FileCredentials(secrets), SshOptions.defaults()
				.withKnownHosts(tmp.resolve("known_hosts")).withConnectTimeout(Duration.ofSeconds(5)), tmp)
				.withAttempts(2).withBmcTimeout(Duration.ofSeconds(2)).withCommandTimeout(Duration.ofSeconds(20))
				.withPowerTimeout(Duration.ofSeconds(15)).withSoftTimeout(Duration.ofSeconds(15)));
		Path journalFile = tmp.resolve("lab.jsonl");
		List<String> said = new CopyOnWriteArrayList<>();

		// 1. m1's BMC dies once m1 has run its first command: m1 fails at its next BMC action, m0 finishes
		try (Journal journal = Journal.open(journalFile)) {
			Applier.Report report = applier.apply(plan(m0, m1, marks), journal, listener(said, (m, a, s) -> {
				if (m.equals("m1") && a == 2 && s == Journal.Status.DONE) {
					first.close();
				}
			}), new Applier.Stop());
			assertTrue(report.machines().get(0).ok(), report::toString);
			Applier.MachineResult r1 = report.machines().get(1);
			assertFalse(r1.ok());
			assertEquals(3, r1.failedAction());
			assertTrue(r1.error().startsWith("BMC redfish "), r1.error());
		}

		// 2. a new BMC for m1 (the machine is on); the first Ctrl-C lands while the soft power off runs: it finishes
		RedfishSimulator second = redfish("On");
		Plan.Machine m1b = new Plan.Machine("m1", endpoint(second), m1.ssh(), List.of("fault"));
		Applier.Stop gentle = new Applier.Stop();
		try (Journal journal = Journal.open(journalFile)) {
			Applier.Report report = applier.apply(plan(m0, m1b, marks), journal, listener(said, (m, a, s) -> {
				if (m.equals("m1") && a == 3 && s == Journal.Status.STARTED) {
					gentle.stopStarting();
				}
			}), gentle);
			assertEquals(5, report.machines().get(0).skipped(), "m0 was done: nothing runs again");
			Applier.MachineResult r1 = report.machines().get(1);
			assertTrue(r1.stopped() && r1.failedAction() == 4 && r1.done() == 1, r1::toString);
			assertEquals("Off", second.powerState("1"), "the soft power off in flight finished");
		}

		// 3. the second Ctrl-C lands while power on waits for the machine: the action is recorded as interrupted
		Applier.Stop hard = new Applier.Stop();
		try (Journal journal = Journal.open(journalFile)) {
			CompletableFuture<Applier.Report> running = new CompletableFuture<>();
			Thread apply = new Thread(() -> {
				try {
					running.complete(applier.apply(plan(m0, m1b, marks), journal, listener(said, (m, a, s) -> {
						if (m.equals("m1") && a == 4 && s == Journal.Status.STARTED) {
							CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(hard::interrupt);
						}
					}), hard));
				} catch (Throwable e) {
					running.completeExceptionally(e);
				}
			});
			apply.start();
			Applier.MachineResult r1 = running.get(60, TimeUnit.SECONDS).machines().get(1);
			assertTrue(r1.stopped() && r1.failedAction() == 4, r1::toString);
		}
		assertEquals(Journal.Status.INTERRUPTED, last(journalFile, "m1", 4), "recorded as interrupted");

		// 4. the process died mid-write: a torn last line
		Files.writeString(journalFile, "{\"at\":\"2026-12-04T12:00:00Z\",\"run\":\"x\",\"mach", StandardOpenOption.APPEND);

		// 5. resume: the interrupted power on is read back (the machine came on), not sent again; the rest runs once
		try (Journal journal = Journal.open(journalFile)) {
			Applier.Report report = applier.apply(plan(m0, m1b, marks), journal, listener(said, (m, a, s) -> {
			}), new Applier.Stop());
			assertTrue(report.ok(), report::toString);
			Applier.MachineResult r1 = report.machines().get(1);
			assertTrue(r1.skipped() == 3 && r1.done() == 2, "1-3 done before, 4 read back, 5 run: " + r1);
		}
		assertEquals(List.of("one", "two"), Files.readAllLines(marks.resolve("m0")), "m0's commands ran once each");
		assertEquals(List.of("one", "two"), Files.readAllLines(marks.resolve("m1")), "m1's commands ran once each");
		assertEquals(List.of("GracefulShutdown", "On"), second.resetHistory().stream()
				.map(RedfishSimulator.ResetRequest::resetType).toList(), "each power request sent once");
		assertEquals("On", second.powerState("1"));
		assertTrue(said.stream().anyMatch(s -> s.startsWith("m1 4 DONE found on when resuming")), said::toString);
		for (String line : Files.readAllLines(journalFile)) {
			assertTrue(JsonParser.parseString(line).isJsonObject(), line);
			assertFalse(line.contains(PASSWORD) || line.contains(new String(IpmiSimulator.password())), line);
		}
	}

	private interface Hook {
		void on(String machine, int action, Journal.Status status);
	}

	private static Applier.Listener listener(List<String> said, Hook hook) {
		return new Applier.Listener() {
			@Override
			public void action(String machine, Plan.Action action, Journal.Status status, String message) {
				said.add(machine + " " + action.id() + " " + status + " " + message);
				hook.on(machine, action.id(), status);
			}
		};
	}

	private static Journal.Status last(Path journal, String machine, int action) throws Exception {
		Journal.Status status = null;
		for (String line : Files.readAllLines(journal)) {
			var o = JsonParser.parseString(line).getAsJsonObject();
			if (o.has("machine") && machine.equals(o.get("machine").getAsString()) && o.get("action").getAsInt() == action) {
				status = Journal.Status.valueOf(o.get("status").getAsString());
			}
		}
		return status;
	}

	private static Plan.Endpoint ssh(OpenSshServer host) {
		return new Plan.Endpoint("ssh", host.host(), host.port(), host.user(), "ssh", Map.of());
	}
}
