package org.underlay.cli.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.bmc.sim.redfish.SimulatorConfig;
import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestKeys;

/**
 * A small environment of real peers for the command line's deploy tests: per machine a Redfish simulator over TLS
 * (pinned in the binding by its certificate's fingerprint) and an OpenSSH host, a credentials file and a
 * known_hosts file, and a design folder whose library and workflows each test writes.
 */
final class TrustLab implements AutoCloseable {

	static final String BMC_PASSWORD = "cli-trust-test-only-Pw1";

	private final Path folder;
	private final List<RedfishSimulator> bmcs = new ArrayList<>();
	private final List<OpenSshServer> hosts = new ArrayList<>();
	private final Path credentials;
	private final Path knownHosts;
	private final String keyLine;

	private TrustLab(Path folder, Path credentials, Path knownHosts, String keyLine) {
		this.folder = folder;
		this.credentials = credentials;
		this.knownHosts = knownHosts;
		this.keyLine = keyLine;
	}

	/** @param sim how each simulated BMC behaves (its transition time, reset types, ...) */
	static TrustLab start(Path folder, int machines, UnaryOperator<SimulatorConfig.Builder> sim) throws Exception {
		SshTestKeys.KeyPairFiles key = SshTestKeys.generate(folder, "id", "ed25519", false);
		Path credentials = folder.resolve("credentials");
		Files.writeString(credentials, "lab-bmc.user = admin\nlab-bmc.password = " + BMC_PASSWORD
				+ "\nlab-ssh.keyFile = " + key.privateKey() + "\n");
		Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
		TrustLab lab = new TrustLab(folder, credentials, folder.resolve("known_hosts"), key.publicKeyLine());
		StringBuilder known = new StringBuilder();
		try {
			for (int i = 0; i < machines; i++) {
				lab.bmcs.add(RedfishSimulator.start(sim.apply(SimulatorConfig.builder()
						.user("admin", BMC_PASSWORD, SimulatorConfig.Role.Administrator)
						.powerTransitionDelay(Duration.ofMillis(200)).tls(true)).build()));
				OpenSshServer host = OpenSshServer.start();
				lab.hosts.add(host);
				host.authorize(key.publicKeyLine());
				known.append(host.knownHostsLines());
			}
		} catch (Exception | Error e) {
			lab.close();
			throw e;
		}
		Files.writeString(lab.knownHosts, known);
		return lab;
	}

	RedfishSimulator bmc(int i) {
		return bmcs.get(i);
	}

	OpenSshServer host(int i) {
		return hosts.get(i);
	}

	/** The SHA-256 fingerprint of a simulator's certificate, as a binding pins it. */
	static String fingerprint(RedfishSimulator sim) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
				.digest(sim.certificate().orElseThrow().getEncoded()));
	}

	/**
	 * Writes the design: a library with {@code libraryExtra} (workflows, params) and the device type Box (a Redfish
	 * BMC with every power action), a site whose machines m0.. carry {@code deviceExtra}, and an environment "lab"
	 * binding each to its simulator and host; {@code sshExtra} is appended to each SSH binding.
	 */
	Path design(String libraryExtra, String deviceExtra, String sshExtra) throws Exception {
		Path design = Files.createDirectories(folder.resolve("design"));
		Files.writeString(design.resolve("lib.underlay"), """
				package t.lib
				device-type Box { height 1 port eth0 bmc redfish { power on, off, soft, cycle, reset boot pxe, disk } }
				""" + libraryExtra + "\n");
		StringBuilder devices = new StringBuilder();
		StringBuilder bindings = new StringBuilder();
		for (int i = 0; i < bmcs.size(); i++) {
			devices.append("\t\tserver m").append(i).append(" : Box at ").append(i + 1).append(" { ").append(deviceExtra)
					.append(" }\n");
			OpenSshServer host = hosts.get(i);
			bindings.append("\tm").append(i).append(" { bmc redfish 127.0.0.1:").append(bmcs.get(i).port())
					.append(" credential lab-bmc tls-fingerprint \"").append(fingerprint(bmcs.get(i)))
					.append("\" ssh ").append(host.host()).append(':').append(host.port()).append(" user ")
					.append(host.user()).append(" credential lab-ssh ").append(sshExtra).append(" }\n");
		}
		Files.writeString(design.resolve("site.underlay"), "package t.site\nimport t.lib.*\nsite s {\n\troom r { rack k "
				+ "height 20 {\n" + devices + "\t} }\n}\nenvironment lab for s {\n" + bindings + "}\n");
		return design;
	}

	/** apply/collect arguments for this lab's design and connections. */
	String[] args(String command, Path design, String... more) {
		List<String> all = new ArrayList<>(List.of(command, design.toString(), "--site", "s", "--environment", "lab",
				"--credentials", credentials.toString(), "--known-hosts", knownHosts.toString()));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	String keyLine() {
		return keyLine;
	}

	@Override
	public void close() {
		bmcs.forEach(RedfishSimulator::close);
		hosts.forEach(OpenSshServer::close);
	}
}
