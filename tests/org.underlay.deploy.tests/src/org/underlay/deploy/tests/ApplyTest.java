package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;
import org.underlay.credentials.FileCredentials;
import org.underlay.deploy.engine.Applier;
import org.underlay.deploy.engine.Collector;
import org.underlay.deploy.engine.EngineSettings;
import org.underlay.deploy.engine.Journal;
import org.underlay.operations.observed.Observation;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.operations.plan.Plan;
import org.underlay.ssh.SshOptions;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestKeys;

/**
 * The apply engine against real peers (ipmi_sim BMCs, OpenSSH hosts): every action done and journalled, a failing
 * machine stops with a clear error while the other finishes, and the journal resumes exactly where it stopped.
 */
class ApplyTest extends PeerTest {

	private record Lab(List<Plan.Machine> machines, List<IpmiSimulator> bmcs, Applier applier) {
	}

	private Lab lab(int machines) throws Exception {
		SshTestKeys.KeyPairFiles key = SshTestKeys.generate(tmp, "id", "ed25519", false);
		StringBuilder knownHosts = new StringBuilder();
		List<Plan.Machine> list = new ArrayList<>();
		List<IpmiSimulator> bmcs = new ArrayList<>();
		for (int i = 0; i < machines; i++) {
			IpmiSimulator bmc = IpmiSimulator.startKeepingBootFlags("apply" + i, "APPLY00" + i); // boot read back
			peers.add(bmc);
			bmcs.add(bmc);
			OpenSshServer host = OpenSshServer.start();
			peers.add(host);
			host.authorize(key.publicKeyLine());
			knownHosts.append(host.knownHostsLines());
			list.add(new Plan.Machine("m" + i, bmc(bmc), new Plan.Endpoint("ssh", host.host(), host.port(),
					host.user(), "lab-ssh", Map.of()), List.of("provision")));
		}
		Files.writeString(tmp.resolve("known_hosts"), knownHosts);
		Path secrets = tmp.resolve("credentials");
		Files.writeString(secrets, "lab-bmc.user = " + IpmiSimulator.ADMIN + "\nlab-bmc.password = "
				+ new String(IpmiSimulator.password()) + "\nlab-ssh.keyFile = " + key.privateKey() + "\n");
		Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
		Applier applier = new Applier(EngineSettings.of(new FileCredentials(secrets),
				SshOptions.defaults().withKnownHosts(tmp.resolve("known_hosts")).withConnectTimeout(Duration.ofSeconds(5)),
				tmp).withParallelism(4).withAttempts(2).withBmcTimeout(Duration.ofSeconds(3))
				.withCommandTimeout(Duration.ofSeconds(20)).withPowerTimeout(Duration.ofSeconds(10)));
		return new Lab(list, bmcs, applier);
	}

	private static Plan.Endpoint bmc(IpmiSimulator bmc) {
		return new Plan.Endpoint("ipmi", bmc.host(), bmc.port(), null, "lab-bmc", Map.of("cipher", "3"));
	}

	/** power on, PXE once, wait for SSH, run a command, collect facts, assert one. */
	private static Plan plan(List<Plan.Machine> machines, String command) {
		List<Plan.Action> actions = new ArrayList<>();
		int id = 0;
		for (Plan.Machine machine : machines) {
			String[][] steps = { { "POWER", "on" }, { "BOOT", "pxe once" }, { "WAIT_SSH", "timeout 20 s" },
					{ "RUN", command }, { "COLLECT_FACTS", "" }, { "ASSERT_FACT", "\"kernel\" contains \".\"" } };
			Integer previous = null;
			for (String[] step : steps) {
				id++;
				actions.add(new Plan.Action(id, machine.name(), Plan.Kind.valueOf(step[0]), step[1],
						previous == null ? List.of() : List.of(previous), "provision step " + id));
				previous = id;
			}
		}
		return new Plan("lab", "s", "provision", machines, actions, Map.of(), List.of());
	}

	@Test
	void everyActionIsDoneOnEveryMachineAndJournalled() throws Exception {
		Lab lab = lab(2);
		List<String> output = new CopyOnWriteArrayList<>();
		try (Journal journal = Journal.open(tmp.resolve("apply.journal"))) {
			Applier.Report report = lab.applier().apply(plan(lab.machines(), "echo provisioned-$((6*7))"), journal,
					new Applier.Listener() {
						@Override
						public void output(String machine, String line) {
							output.add(machine + ": " + line);
						}
					});
			assertTrue(report.ok(), () -> report.toString());
			for (Applier.MachineResult machine : report.machines()) {
				assertEquals(6, machine.done());
				assertFalse(machine.facts().get("hostname").isEmpty());
			}
			assertTrue(output.contains("m0: provisioned-42") && output.contains("m1: provisioned-42"), output::toString);
			assertEquals(Journal.Status.RUN, journal.entries().get(0).status(), "the run's start comes first");
			assertEquals(27, journal.entries().size(),
					"the run, then started and done for 12 actions, and each power on's 'request sent'");
		}
		for (IpmiSimulator bmc : lab.bmcs()) {
			assertEquals("1", bmc.power().replaceAll("\\D", ""), "powered on through the BMC");
			assertTrue(bmc.boot().contains("pxe"), "boot device set: " + bmc.boot());
		}
		String journal = Files.readString(tmp.resolve("apply.journal"));
		assertFalse(journal.contains(new String(IpmiSimulator.password())), "no secret in the journal");
	}

	@Test
	void aDeadBmcFailsItsMachineTheOthersFinishAndTheJournalResumes() throws Exception {
		Lab lab = lab(2);
		lab.bmcs().get(1).kill();
		Path journalFile = tmp.resolve("apply.journal");
		try (Journal journal = Journal.open(journalFile)) {
			Applier.Report report = lab.applier().apply(plan(lab.machines(), "true"), journal, Applier.Listener.NONE);
			assertFalse(report.ok());
			Applier.MachineResult m0 = report.machines().get(0);
			Applier.MachineResult m1 = report.machines().get(1);
			assertTrue(m0.ok(), m0::toString);
			assertFalse(m1.ok());
			assertEquals(7, m1.failedAction(), "m1's first action");
			assertTrue(m1.error().startsWith("BMC ipmi "), m1.error());
		}
		// the BMC comes back (a new simulator for m1); resume from the journal: m0 is not touched again
		IpmiSimulator back = IpmiSimulator.startKeepingBootFlags("apply1b", "APPLY001");
		peers.add(back);
		List<Plan.Machine> machines = List.of(lab.machines().get(0), new Plan.Machine("m1", bmc(back),
				lab.machines().get(1).ssh(), List.of("provision")));
		try (Journal journal = Journal.open(journalFile)) {
			Applier.Report report = lab.applier().apply(plan(machines, "true"), journal, Applier.Listener.NONE);
			assertTrue(report.ok(), report::toString);
			assertEquals(6, report.machines().get(0).skipped(), "m0 was done: nothing runs again");
			assertEquals(0, report.machines().get(0).done());
			assertEquals(6, report.machines().get(1).done());
		}
		assertEquals("1", back.power().replaceAll("\\D", ""));
	}

	@Test
	void collectObservesBmcAndSshAndTheStoreKeepsIt() throws Exception {
		Lab lab = lab(3);
		lab.bmcs().get(0).setPower(true);
		lab.bmcs().get(1).setPower(false);
		lab.bmcs().get(2).kill();
		Observation observation = lab.applier().collect("lab", lab.machines());
		var m0 = observation.findMachine("m0");
		assertEquals("on", m0.getPower());
		assertEquals("APPLY000", m0.getFacts().get("serial"), "the FRU serial, over IPMI");
		assertFalse(m0.getFacts().get("hostname").isEmpty(), "facts over SSH");
		assertFalse(m0.getFacts().get("kernel").isEmpty());
		assertFalse(m0.getSensors().isEmpty(), "sensors from the BMC");
		assertFalse(m0.getInterfaces().isEmpty(), "interfaces over SSH");
		assertTrue(m0.getInterfaces().stream().anyMatch(i -> i.getMac() != null && i.getMac().matches("[0-9a-f:]{17}")),
				m0.getInterfaces()::toString);
		var m1 = observation.findMachine("m1");
		assertEquals("off", m1.getPower());
		assertFalse(m1.getFacts().containsKey("hostname"), "a machine that is off is not asked over SSH");
		var m2 = observation.findMachine("m2");
		assertFalse(m2.isReachable());
		assertTrue(m2.getError().startsWith("BMC ipmi "), m2.getError());
		var store = new ObservationStore(tmp);
		store.write(observation);
		assertTrue(EcoreUtil.equals(observation, store.read("lab")));
		assertFalse(Files.readString(store.fileOf("lab")).contains(new String(IpmiSimulator.password())));
	}

	@Test
	void lldpNeighboursAreReadFromLldpctl() {
		var neighbours = Collector.neighbours("""
				lldp.ens1f0.via=LLDP
				lldp.ens1f0.chassis.name=tor-r01
				lldp.ens1f0.port.ifname=Ethernet1
				lldp.ens1f0.port.descr=uplink to web-01
				lldp.ens1f1.chassis.name=tor-r02
				lldp.ens1f1.port.descr=Ethernet7
				""");
		assertEquals(List.of("ens1f0", "ens1f1"), neighbours.stream().map(n -> n.getLocalPort()).toList());
		assertEquals("tor-r01", neighbours.get(0).getSystem());
		assertEquals("Ethernet1", neighbours.get(0).getPort(), "ifname wins over the description");
		assertEquals("Ethernet7", neighbours.get(1).getPort());
	}

	@Test
	void aFailingCommandStopsItsMachineWithTheExitStatus() throws Exception {
		Lab lab = lab(1);
		try (Journal journal = Journal.open(tmp.resolve("apply.journal"))) {
			Applier.Report report = lab.applier().apply(plan(lab.machines(), "echo no disk >&2; exit 3"), journal,
					Applier.Listener.NONE);
			Applier.MachineResult m0 = report.machines().get(0);
			assertFalse(m0.ok());
			assertEquals(4, m0.failedAction());
			assertEquals("'echo no disk >&2; exit 3' exited with status 3: no disk", m0.error());
			assertEquals(Journal.Status.FAILED, journal.entries().get(journal.entries().size() - 1).status());
		}
	}
}
