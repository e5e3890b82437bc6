package org.underlay.lab.tests;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.Gson;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.credentials.FileCredentials;
import org.underlay.lab.Lab;
import org.underlay.peers.Ports;

/** {@code lab down} in a JVM of its own, which knows the lab only from its state file. */
public final class FreshJvmDown {

	private FreshJvmDown() {
	}

	public static void main(String[] args) throws Exception {
		Lab.DownReport r = Lab.down(Path.of(args[0]));
		System.out.println("stopped " + r.stopped().size() + " busy " + r.busyPorts());
	}

	/** Runs {@link #main} in a new JVM; returns its output. */
	static String run(Path stateDir) throws Exception {
		List<String> cp = new ArrayList<>();
		for (Class<?> c : new Class<?>[] { FreshJvmDown.class, Lab.class, Gson.class,
				BmcEndpoint.class, FileCredentials.class,
				RedfishSimulator.class, Ports.class }) {
			String entry = location(c);
			if (!cp.contains(entry)) {
				cp.add(entry);
			}
		}
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				String.join(File.pathSeparator, cp), FreshJvmDown.class.getName(), stateDir.toString())
				.redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
			p.destroyForcibly();
			throw new AssertionError("lab down in a fresh JVM failed: " + out);
		}
		return out;
	}

	private static String location(Class<?> c) throws Exception {
		URL url = c.getProtectionDomain().getCodeSource().getLocation();
		Path p = Path.of(url.toURI());
		String classFile = c.getName().replace('.', '/') + ".class";
		if (Files.isDirectory(p) && !Files.exists(p.resolve(classFile))
				&& Files.exists(p.resolve("target/classes").resolve(classFile))) {
			return p.resolve("target/classes").toString();
		}
		return p.toString();
	}
}
