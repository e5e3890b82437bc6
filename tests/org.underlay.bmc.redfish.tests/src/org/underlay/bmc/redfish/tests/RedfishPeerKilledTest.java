package org.underlay.bmc.redfish.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.PowerAction;
import org.underlay.bmc.PowerState;
import org.underlay.bmc.redfish.RedfishClient;
import org.underlay.bmc.redfish.RedfishDriver;
import org.underlay.bmc.sim.redfish.Main;

/** A BMC process killed (SIGKILL) while a call waits on it: the typed error, quickly, never a hang. */
class RedfishPeerKilledTest {

	private static String location(Class<?> c) throws Exception {
		return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

	@Test
	void bmcProcessKilledWhileWaitingForPower() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Class<?> gson = Main.class.getClassLoader().loadClass("com.google.gson.Gson");
		ProcessBuilder pb = new ProcessBuilder(java, "-cp", location(Main.class) + File.pathSeparator
				+ location(gson), Main.class.getName(), "--user", "admin", "--password-env", "BMC_PASSWORD",
				"--power-delay-ms", "60000");
		pb.environment().put("BMC_PASSWORD", SimulatedBmc.ADMIN_PASSWORD);
		pb.redirectErrorStream(true);
		Process bmc = pb.start();
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(bmc.getInputStream(),
					StandardCharsets.UTF_8));
			String line = CompletableFuture.supplyAsync(() -> {
				try {
					return out.readLine();
				} catch (IOException e) {
					return null;
				}
			}).get(30, TimeUnit.SECONDS);
			assertNotNull(line);
			int port = URI.create(line.split(" ")[1]).getPort();
			BmcEndpoint ep = SimulatedBmc.http(port);
			try (RedfishClient c = new RedfishDriver().openRedfish(ep, SimulatedBmc.admin())) {
				c.power(PowerAction.ON);
				CompletableFuture.runAsync(() -> {
					try {
						Thread.sleep(500);
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					bmc.destroyForcibly();
				});
				long t0 = System.nanoTime();
				BmcException e = assertThrows(BmcException.class, () -> c.awaitPowerState(PowerState.ON,
						Duration.ofSeconds(30)));
				long ms = (System.nanoTime() - t0) / 1_000_000;
				assertEquals(BmcException.Kind.UNREACHABLE, e.kind(), e.getMessage());
				assertTrue(ms < 3000, "noticed after " + ms + " ms");
				assertFalse(e.getMessage().contains(SimulatedBmc.ADMIN_PASSWORD));
				System.out.println("BMC process killed: " + e.kind() + " after " + ms + " ms: " + e.getMessage());
			}
		} finally {
			bmc.destroyForcibly();
			assertTrue(bmc.waitFor(10, TimeUnit.SECONDS));
		}
	}
}
