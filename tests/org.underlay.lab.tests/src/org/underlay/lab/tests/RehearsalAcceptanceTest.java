package org.underlay.lab.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.deploy.engine.Journal;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.lab.Lab;
import org.underlay.lab.LabPlan;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.operations.plan.Plan;
import org.underlay.operations.plan.Planner;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshOptions;

import com.google.inject.Injector;

/**
 * The rehearsal, end to end on the example: the lab of fra1 up (ten machines: eight Redfish simulators and two ipmi_sim BMCs, SSH
 * hosts that follow their BMC's power) → plan → apply (power on, PXE once, a command over SSH) → collect → no
 * drift. Then the lab changes behind the product's back (a machine powered off through its BMC, a served MAC, an
 * LLDP neighbour) and drift reports exactly those three. A BMC killed in the middle of an apply fails its machine
 * alone, and once it is back the apply resumes from the journal and runs exactly what was left. And the provision
 * workflow written for real hardware runs in the lab unchanged.
 */
class RehearsalAcceptanceTest {

	@TempDir
	Path tmp;

	/** fra1 of a copy of the example, its lab up, and an applier bound to that lab. */
	private record Rehearsal(Path design, Site fra1, Environment lab, Path state, Lab running, Applier applier) {
	}

	private Rehearsal rehearsal() throws Exception {
		Path design = copyExample();
		Injector injector = UnderlayStandaloneSetup.injector();
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		DesignLoader.loadAll(set, () -> injector.getInstance(XtextResourceSet.class), DesignFiles.find(design).stream()
				.map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		EcoreUtil.resolveAll(set);
		Site fra1 = set.getResources().stream().map(r -> r.getContents().get(0)).filter(Design.class::isInstance)
				.flatMap(d -> ((Design) d).getElements().stream()).filter(Site.class::isInstance).map(Site.class::cast)
				.filter(s -> s.getName().equals("fra1")).findFirst().orElseThrow();
		Environment lab = Sites.environmentsOf(fra1).stream().filter(e -> e.getName().equals("lab")).findFirst()
				.orElseThrow();
		Path state = tmp.resolve("lab");
		Lab running = Lab.up(LabPlan.of(fra1), state);
		Applier applier = new Applier(EngineSettings.of(new FileCredentials(running.credentialsFile()),
				SshOptions.defaults().withKnownHosts(running.knownHosts()).withConnectTimeout(Duration.ofSeconds(10)),
				design).withParallelism(10).withAttempts(2).withCommandTimeout(Duration.ofSeconds(60))
				.withPowerTimeout(Duration.ofSeconds(20)).withSoftTimeout(Duration.ofSeconds(30))
				.withBmcOptions(Map.of("redfish.tls.caFile", state.resolve("redfish-ca.pem").toString())));
		return new Rehearsal(design, fra1, lab, state, running, applier);
	}

	/**
	 * The example's provision workflow, the one meant for real hardware, runs unchanged in the lab: power off, PXE
	 * once, power on (the lab installs the image), the image checked, the package mirror, host name and NTP servers
	 * written, the disk-layout script uploaded and run, a reboot, facts collected and asserted. What it wrote is on
	 * each machine's own disk afterwards, the db profile's layout on the db servers.
	 */
	@Test
	void provisionRunsInTheLabUnchanged() throws Exception {
		Rehearsal r = rehearsal();
		try {
			assertEquals("sandboxed", Lab.status(r.state()).hosts(), "this machine must allow user namespaces");
			assertTrue(Files.isRegularFile(r.design().resolve("scripts/apply-disk-layout.sh")), "the example's script");
			Plan plan = Planner.plan(r.fra1(), r.lab(), "provision");
			assertTrue(plan.runnable(), () -> plan.problems().toString());
			assertEquals(10, plan.machines().size());
			try (Journal journal = Journal.open(tmp.resolve("provision.jsonl"))) {
				Applier.Report report = r.applier().apply(plan, journal, Applier.Listener.NONE);
				assertTrue(report.ok(), () -> report + "\nlab agent: " + agentLog(r));
				for (Applier.MachineResult machine : report.machines()) {
					assertEquals(plan.actions().stream().filter(a -> a.machine().equals(machine.machine())).count(),
							machine.done(), machine::toString);
				}
			}
			try (SshClient ssh = LabFixture.sshClient(r.running())) {
				for (String m : r.running().machines()) {
					String domain = LabFixture.exec(ssh, r.running(), m, "hostname").strip();
					assertTrue(domain.startsWith(m + "."), m + " has its fully qualified name: " + domain);
					// the layout the machine's params name: raid10 from the db profile (db-01, db-02, backup-01)
					String layout = plan.actions().stream()
							.filter(a -> a.machine().equals(m) && a.kind() == Plan.Kind.SCRIPT).findFirst()
							.orElseThrow().detail().replaceAll(".* ", "");
					assertEquals(m.startsWith("db-") || m.equals("backup-01") ? "raid10" : "raid1", layout, m);
					assertEquals(layout + "\n", LabFixture.exec(ssh, r.running(), m, "cat /etc/underlay-disk-layout"), m);
					assertTrue(LabFixture.exec(ssh, r.running(), m, "cat /etc/apt/sources.list")
							.contains("/debian bookworm main"), m);
					assertTrue(LabFixture.exec(ssh, r.running(), m, "cat /etc/chrony/sources.d/underlay.sources")
							.startsWith("servers "), m);
				}
			}
			ObservationStore store = new ObservationStore(r.design());
			store.write(r.applier().collect("lab", plan.machines()));
			assertEquals(List.of(), Drift.compute(r.fra1(), r.lab(), store.read("lab")).stream()
					.map(DriftFinding::describe).toList(), "provisioned as designed");
		} finally {
			Lab.down(r.state());
		}
	}

	@Test
	void planApplyCollectNoDriftThenExactlyTheThreeChanges() throws Exception {
		Rehearsal r = rehearsal();
		Path design = r.design();
		Site fra1 = r.fra1();
		Environment lab = r.lab();
		Path state = r.state();
		Lab running = r.running();
		try {
			Applier applier = r.applier();
			Plan plan = Planner.plan(fra1, lab, "bring-up");
			assertTrue(plan.runnable(), () -> plan.problems().toString());
			assertEquals(10, plan.machines().size());

			try (Journal journal = Journal.open(tmp.resolve("apply-1.jsonl"))) {
				Applier.Report report = applier.apply(plan, journal, Applier.Listener.NONE);
				assertTrue(report.ok(), report::toString);
			}
			ObservationStore store = new ObservationStore(design);
			Observation observed = applier.collect("lab", plan.machines());
			store.write(observed);
			List<DriftFinding> none = Drift.compute(fra1, lab, store.read("lab"));
			assertEquals(List.of(), none.stream().map(DriftFinding::describe).toList(), "the lab is as designed");

			// behind the product's back
			running.powerOff("web-01");
			running.setFact("web-02", "mac.ens1f0", "02:00:0a:0a:00:99");
			running.setFact("web-03", "lldp.ens1f0.port", "Ethernet9");
			store.write(applier.collect("lab", plan.machines()));
			List<DriftFinding> drift = Drift.compute(fra1, lab, store.read("lab"));
			assertEquals(List.of("web-01: power is off, designed on",
					"web-02: mac ens1f0 is 02:00:0a:0a:00:99, designed 02:00:0a:0a:00:0c",
					"web-03: cable ens1f0 is tor-r01.Ethernet9, designed tor-r01.Ethernet3"),
					drift.stream().map(DriftFinding::describe).toList());

			// a BMC killed in the middle of an apply (app-02's ipmi_sim, right after its power-on is done): that
			// machine fails with a clear error, the others finish; the BMC comes back and the apply resumes from the
			// journal, running exactly what was left
			Path journalFile = tmp.resolve("apply-2.jsonl");
			AtomicReference<Exception> killFailed = new AtomicReference<>();
			Applier.Listener killer = new Applier.Listener() {
				@Override
				public void action(String machine, Plan.Action action, Journal.Status status, String message) {
					if (machine.equals("app-02") && action.kind() == Plan.Kind.POWER
							&& status == Journal.Status.DONE) {
						try {
							running.killBmc("app-02");
						} catch (Exception e) {
							killFailed.set(e);
						}
					}
				}
			};
			int actions = (int) plan.actions().stream().filter(a -> a.machine().equals("web-01")).count();
			try (Journal journal = Journal.open(journalFile)) {
				Applier.Report report = applier.apply(plan, journal, killer);
				assertEquals(null, killFailed.get());
				for (Applier.MachineResult machine : report.machines()) {
					if (machine.machine().equals("app-02")) {
						assertFalse(machine.ok());
						assertEquals(1, machine.done(), "power on done before the BMC died");
						assertTrue(machine.error().startsWith("BMC ipmi 127.0.0.1:18008"), machine.error());
					} else {
						assertTrue(machine.ok(), machine::toString);
						assertEquals(actions, machine.done(), machine::toString);
					}
				}
			}
			running.restartBmc("app-02");
			try (Journal journal = Journal.open(journalFile)) {
				Applier.Report resumed = applier.apply(plan, journal, Applier.Listener.NONE);
				assertTrue(resumed.ok(), resumed::toString);
				for (Applier.MachineResult machine : resumed.machines()) {
					boolean app02 = machine.machine().equals("app-02");
					assertEquals(app02 ? actions - 1 : 0, machine.done(), machine::toString);
					assertEquals(app02 ? 1 : actions, machine.skipped(), machine::toString);
				}
			}
		} finally {
			Lab.down(state);
		}
	}

	private static String agentLog(Rehearsal r) {
		try {
			return Files.readString(r.state().resolve("agent.log"));
		} catch (IOException e) {
			return e.toString();
		}
	}

	private Path copyExample() throws Exception {
		Path source = Path.of(System.getProperty("underlay.examples"), "acme-dc");
		Path target = tmp.resolve("acme-dc");
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
				Path copy = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(copy);
				} else {
					Files.copy(file, copy);
				}
			}
		}
		return target;
	}
}
