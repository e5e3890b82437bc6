package org.underlay.boot.tests;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.underlay.peers.Programs;

/**
 * A veth pair whose host end ({@code ulbh<n>}, address 10.99.{n}.1/24) stays here for the boot service and whose
 * other end ({@code ulbc<n>}) lives in a network namespace of its own, {@code ulb<n>}, where the test's DHCP client
 * runs: traffic never leaves the pair. Needs root. Closing deletes the namespace, and the pair with it.
 */
final class VethNamespace implements AutoCloseable {

	final int net;
	final String namespace;
	final String hostEnd;
	final String clientEnd;

	VethNamespace(int net) throws IOException {
		if (!"root".equals(System.getProperty("user.name"))) {
			throw new IllegalStateException("the boot service tests create network namespaces and run dnsmasq: run them "
					+ "as root (CI does)");
		}
		this.net = net;
		this.namespace = "ulb" + net;
		this.hostEnd = "ulbh" + net;
		this.clientEnd = "ulbc" + net;
		Programs.bestEffort("ip", "netns", "del", namespace);
		Programs.bestEffort("ip", "link", "del", hostEnd);
		Programs.check("ip", "netns", "add", namespace);
		Programs.check("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", clientEnd);
		Programs.check("ip", "link", "set", clientEnd, "netns", namespace);
		Programs.check("ip", "addr", "add", "10.99." + net + ".1/24", "dev", hostEnd);
		Programs.check("ip", "link", "set", hostEnd, "up");
		inNamespace("ip", "link", "set", "lo", "up");
		inNamespace("ip", "link", "set", clientEnd, "up");
	}

	/** Gives the client end {@code mac} and brings it up. */
	void clientMac(String mac) throws IOException {
		inNamespace("ip", "link", "set", clientEnd, "down");
		inNamespace("ip", "link", "set", clientEnd, "address", mac);
		inNamespace("ip", "link", "set", clientEnd, "up");
	}

	/** Runs a program in the namespace; its result, whatever the exit code. */
	Programs.Result run(Duration timeout, String... command) throws IOException {
		List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
		full.addAll(List.of(command));
		return Programs.run(full, null, null, timeout);
	}

	private void inNamespace(String... command) throws IOException {
		Programs.Result result = run(Duration.ofSeconds(10), command);
		if (result.code() != 0) {
			throw new IOException(String.join(" ", command) + ": " + result.output());
		}
	}

	@Override
	public void close() {
		Programs.bestEffort("ip", "netns", "del", namespace);
		Programs.bestEffort("ip", "link", "del", hostEnd);
	}
}
