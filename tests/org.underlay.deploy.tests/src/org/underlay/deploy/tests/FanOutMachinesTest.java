package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.PowerState;
import org.underlay.credentials.Secret;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.deploy.fanout.Outcome;
import org.underlay.ssh.ExecResult;
import org.underlay.ssh.SshClient;
import org.underlay.ssh.SshEndpoint;
import org.underlay.ssh.SshException;
import org.underlay.ssh.SshOptions;
import org.underlay.ssh.SshSession;
import org.underlay.testing.ipmi.IpmiSimulator;
import org.underlay.testing.ssh.OpenSshServer;
import org.underlay.testing.ssh.SshTestKeys;
import org.underlay.testing.ssh.SshTestKeys.KeyPairFiles;

/** The same executor drives both machine-control layers: SSH hosts and BMCs, with per-machine errors. */
class FanOutMachinesTest {

	@TempDir
	Path tmp;

	@Test
	void oneCommandOnSeveralSshHostsWithOneDeadHost() throws Exception {
		KeyPairFiles key = SshTestKeys.generate(tmp, "id", "ed25519", false);
		List<OpenSshServer> servers = new ArrayList<>();
		try {
			StringBuilder knownHosts = new StringBuilder();
			List<SshEndpoint> endpoints = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				OpenSshServer s = OpenSshServer.start();
				servers.add(s);
				s.authorize(key.publicKeyLine());
				knownHosts.append(s.knownHostsLines());
				endpoints.add(SshEndpoint.of(s.host(), s.port(), s.user()));
			}
			int deadPort;
			try (ServerSocket d = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				deadPort = d.getLocalPort();
			}
			endpoints.add(2, SshEndpoint.of("127.0.0.1", deadPort, "root"));
			Files.writeString(tmp.resolve("known_hosts"), knownHosts);
			SshOptions options = SshOptions.defaults().withKnownHosts(tmp.resolve("known_hosts"))
					.withConnectTimeout(Duration.ofSeconds(5));
			try (SshClient client = new SshClient(options);
					Secret secret = Secret.builder("deploy-key").keyFile(key.privateKey()).build()) {
				FanOutReport<SshEndpoint, ExecResult> r = FanOut.run(endpoints, 3, ep -> {
					try (SshSession s = client.connect(ep, secret)) {
						return s.exec("echo $((6*7))", Duration.ofSeconds(5));
					}
				}, null);
				assertEquals(4, r.succeeded().size());
				for (Outcome<SshEndpoint, ExecResult> o : r.succeeded()) {
					assertEquals("42\n", o.value().stdout());
				}
				Outcome<SshEndpoint, ExecResult> dead = r.outcomes().get(2);
				assertEquals(Outcome.Status.FAILED, dead.status());
				assertEquals(SshException.Kind.UNREACHABLE, assertInstanceOf(SshException.class, dead.error()).kind());
			}
		} finally {
			servers.forEach(OpenSshServer::close);
		}
	}

	@Test
	void cancellingAFanOutStopsRunningSshCommandsAndLeavesNoThread() throws Exception {
		KeyPairFiles key = SshTestKeys.generate(tmp, "id", "ed25519", false);
		List<OpenSshServer> servers = new ArrayList<>();
		try {
			StringBuilder knownHosts = new StringBuilder();
			List<SshEndpoint> endpoints = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				OpenSshServer s = OpenSshServer.start();
				servers.add(s);
				s.authorize(key.publicKeyLine());
				knownHosts.append(s.knownHostsLines());
				endpoints.add(SshEndpoint.of(s.host(), s.port(), s.user()));
			}
			Files.writeString(tmp.resolve("known_hosts"), knownHosts);
			SshOptions options = SshOptions.defaults().withKnownHosts(tmp.resolve("known_hosts"));
			try (SshClient client = new SshClient(options);
					Secret secret = Secret.builder("deploy-key").keyFile(key.privateKey()).build()) {
				FanOut<SshEndpoint, ExecResult> run = FanOut.start(endpoints, 2, ep -> {
					try (SshSession s = client.connect(ep, secret)) {
						return s.exec("sleep 30", Duration.ofSeconds(60));
					}
				}, null);
				Thread.sleep(1500);
				long t0 = System.nanoTime();
				run.cancel();
				FanOutReport<SshEndpoint, ExecResult> r = run.await(Duration.ofSeconds(5));
				assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
				assertEquals(3, r.cancelled().size());
				for (int i = 0; i < 2; i++) {
					assertEquals(SshException.Kind.CANCELLED,
							assertInstanceOf(SshException.class, r.outcomes().get(i).error()).kind());
				}
			}
			long end = System.currentTimeMillis() + 3000;
			while (System.currentTimeMillis() < end && Thread.getAllStackTraces().keySet().stream()
					.anyMatch(t -> t.getName().startsWith("Connect thread") || t.getName().startsWith("underlay-"))) {
				Thread.sleep(20);
			}
			assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
					.filter(n -> n.startsWith("Connect thread") || n.startsWith("underlay-")).toList());
		} finally {
			servers.forEach(OpenSshServer::close);
		}
	}

	@Test
	void powerStatusOfSeveralBmcs() throws Exception {
		List<IpmiSimulator> sims = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				IpmiSimulator sim = IpmiSimulator.start("fan" + i, "FAN000" + i);
				sim.setPower(i == 1);
				sims.add(sim);
			}
			FanOutReport<IpmiSimulator, PowerState> r = FanOut.run(sims, 3, sim -> {
				try (Credentials c = new Credentials(IpmiSimulator.ADMIN, IpmiSimulator.password());
						BmcClient bmc = BmcDrivers.open(BmcEndpoint.ipmi(sim.host(), sim.port())
								.withTimeout(Duration.ofSeconds(5)), c)) {
					return bmc.powerState();
				}
			}, null);
			assertTrue(r.allSucceeded(), () -> r.failed().toString());
			assertEquals(List.of(PowerState.OFF, PowerState.ON, PowerState.OFF),
					r.outcomes().stream().map(Outcome::value).toList());
			sims.get(0).kill();
			FanOutReport<IpmiSimulator, PowerState> r2 = FanOut.run(sims, 3, sim -> {
				try (Credentials c = new Credentials(IpmiSimulator.ADMIN, IpmiSimulator.password());
						BmcClient bmc = BmcDrivers.open(BmcEndpoint.ipmi(sim.host(), sim.port())
								.withTimeout(Duration.ofSeconds(2)), c)) {
					return bmc.powerState();
				}
			}, null);
			assertEquals(2, r2.succeeded().size());
			assertInstanceOf(BmcException.class, r2.outcomes().get(0).error());
		} finally {
			sims.forEach(IpmiSimulator::close);
		}
	}
}
