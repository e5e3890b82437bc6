package org.underlay.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestKeys;

/**
 * The deploy loop from a pipeline, against real peers (ipmi_sim BMCs, OpenSSH hosts): plan, apply, collect, no
 * drift; the BMC powers a machine off behind the design's back; drift says exactly that, with exit code 1.
 */
class DeployCommandTest {

	@TempDir
	Path folder;

	private final List<AutoCloseable> peers = new ArrayList<>();
	private final CliRun cli = new CliRun();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable peer : peers) {
			peer.close();
		}
	}

	@Test
	void planApplyCollectThenDriftWhenABmcPowersAMachineOff() throws Exception {
		SshTestKeys.KeyPairFiles key = SshTestKeys.generate(folder, "id", "ed25519", false);
		StringBuilder knownHosts = new StringBuilder();
		StringBuilder bindings = new StringBuilder();
		List<IpmiSimulator> bmcs = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			IpmiSimulator bmc = IpmiSimulator.startKeepingBootFlags("cli" + i, "CLI00" + i); // boot read back
			peers.add(bmc);
			bmcs.add(bmc);
			OpenSshServer host = OpenSshServer.start();
			peers.add(host);
			host.authorize(key.publicKeyLine());
			knownHosts.append(host.knownHostsLines());
			bindings.append("\tsrv-0").append(i).append(" { bmc ipmi ").append(bmc.host()).append(':').append(bmc.port())
					.append(" credential lab-bmc ssh ").append(host.host()).append(':').append(host.port()).append(" user ")
					.append(host.user()).append(" credential lab-ssh }\n");
		}
		Path design = Files.createDirectories(folder.resolve("design"));
		Files.writeString(design.resolve("lib.underlay"), """
				package t.lib
				device-type Box { height 1 port eth0 bmc ipmi { power on, off, cycle boot pxe, disk } }
				workflow provision { power on  boot pxe once  wait ssh timeout 20  run "echo provisioned {{ host.name }}"  collect facts }
				profile base { workflow provision }
				""");
		Files.writeString(design.resolve("site.underlay"), """
				package t.site
				import t.lib.*
				site s {
					room r { rack k height 10 {
						server srv-01 : Box at 1 { profile base desired power on }
						server srv-02 : Box at 2 { profile base desired power on }
					} }
				}
				environment lab for s {
				""" + bindings + "}\n");
		Path credentials = folder.resolve("credentials");
		Files.writeString(credentials, "lab-bmc.user = " + IpmiSimulator.ADMIN + "\nlab-bmc.password = "
				+ new String(IpmiSimulator.password()) + "\nlab-ssh.keyFile = " + key.privateKey() + "\n");
		Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
		Path known = folder.resolve("known_hosts");
		Files.writeString(known, knownHosts);
		String d = design.toString();
		String[] connection = { "--credentials", credentials.toString(), "--known-hosts", known.toString() };

		assertEquals(0, cli.run("validate", d), cli.both());
		assertEquals(0, cli.run("plan", d, "--site", "s", "--environment", "lab"), cli.err());
		assertTrue(cli.out().contains("2 machines, 10 actions"), cli.out());
		assertEquals(0, cli.run("plan", d, "--site", "s", "--environment", "lab", "--json"), cli.err());
		assertTrue(cli.out().contains("\"kind\": \"WAIT_SSH\""), cli.out());

		assertEquals(0, cli.run(concat(new String[] { "apply", d, "--site", "s", "--environment", "lab" }, connection)),
				cli.both());
		assertTrue(cli.out().contains("srv-01: ok (5 done, 0 already done)"), cli.out());
		assertTrue(cli.err().contains("srv-02| provisioned srv-02"), "command output streamed: " + cli.err());
		assertEquals(0, cli.run(concat(new String[] { "apply", d, "--site", "s", "--environment", "lab" }, connection)),
				cli.both());
		assertTrue(cli.out().contains("srv-01: ok (5 done, 0 already done)"), "a finished apply is not resumed: " + cli.out());
		// the process died in the middle of the next run: srv-02's entries of that run never reached the journal
		Path journal = design.resolve(".underlay/journal/lab.jsonl");
		List<String> lines = Files.readAllLines(journal);
		int run = 0;
		for (int i = 0; i < lines.size(); i++) {
			run = lines.get(i).contains("\"status\":\"RUN\"") ? i : run;
		}
		List<String> torn = new ArrayList<>(lines.subList(0, run + 1));
		lines.subList(run + 1, lines.size()).stream().filter(l -> !l.contains("\"srv-02\"")).forEach(torn::add);
		Files.write(journal, torn);
		assertEquals(0, cli.run(concat(new String[] { "apply", d, "--site", "s", "--environment", "lab" }, connection)),
				cli.both());
		assertTrue(cli.err().contains("resumed from " + journal + ": 5 actions were already done"), cli.err());
		assertTrue(cli.out().contains("srv-01: ok (0 done, 5 already done)") && cli.out().contains("srv-02: ok (5 done, 0"),
				"the interrupted run resumes where it stopped: " + cli.out());

		assertEquals(0, cli.run(concat(new String[] { "collect", d, "--site", "s", "--environment", "lab" }, connection)),
				cli.both());
		assertEquals(0, cli.run("drift", d, "--site", "s", "--environment", "lab"), cli.both());
		assertTrue(cli.out().startsWith("no drift in lab"), cli.out());

		bmcs.get(1).setPower(false); // behind the design's back
		assertEquals(0, cli.run(concat(new String[] { "collect", d, "--site", "s", "--environment", "lab" }, connection)));
		assertEquals(1, cli.run("drift", d, "--site", "s", "--environment", "lab"));
		assertEquals("srv-02: power is off, designed on\n1 differences in lab\n", cli.out());
		assertEquals(1, cli.run("drift", d, "--site", "s", "--environment", "lab", "--json"));
		assertTrue(cli.out().contains("\"subject\": \"power\""), cli.out());

		// fix: the corrective plan powers srv-02 on again; after it, no drift
		assertEquals(0, cli.run("plan", d, "--site", "s", "--environment", "lab", "--fix"), cli.err());
		assertTrue(cli.out().contains("1 machine, 1 actions") && cli.out().contains("power         on"), cli.out());
		assertEquals(0, cli.run(concat(new String[] { "apply", d, "--site", "s", "--environment", "lab", "--fix" },
				connection)), cli.both());
		assertEquals(0, cli.run(concat(new String[] { "collect", d, "--site", "s", "--environment", "lab" }, connection)));
		assertEquals(0, cli.run("drift", d, "--site", "s", "--environment", "lab"), cli.out());
		String everything = Files.readString(design.resolve(".underlay/observed/lab.observed"))
				+ Files.readString(design.resolve(".underlay/journal/lab.jsonl"));
		assertFalse(everything.contains(new String(IpmiSimulator.password())), "no secret in the stored state");
	}

	@Test
	void badRequestsExitTwoWithOneLine() {
		String example = Path.of(System.getProperty("underlay.examples"), "acme-dc").toString();
		assertEquals(2, cli.run("plan", example, "--site", "fra1"));
		assertTrue(cli.err().contains("--site and --environment are required"), cli.err());
		assertEquals(2, cli.run("plan", example, "--site", "fra1", "--environment", "staging"));
		assertTrue(cli.err().contains("has no environment 'staging'; it has: production, lab"), cli.err());
		assertEquals(2, cli.run("drift", example, "--site", "fra1", "--environment", "lab"));
		assertTrue(cli.err().contains("nothing observed yet in lab"), cli.err());
		assertEquals(0, cli.run("plan", "--help"));
		assertTrue(cli.out().startsWith("usage: underlay plan"), cli.out());
	}

	private static String[] concat(String[] a, String[] b) {
		String[] all = new String[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
