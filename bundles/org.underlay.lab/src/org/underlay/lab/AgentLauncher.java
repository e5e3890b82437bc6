package org.underlay.lab;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.underlay.bmc.sim.redfish.RedfishSimulator;
import org.underlay.lab.internal.LabAgent;
import org.underlay.lab.internal.LabState;
import org.underlay.lab.internal.Processes;
import org.underlay.peers.FileTrees;
import org.underlay.peers.Programs;

import com.google.gson.Gson;

/**
 * Starts the lab agent, the JVM that runs the Redfish BMCs and every SSH host ({@link LabAgent}): small heap, its own
 * session, none of this process's environment, its log in {@value #LOG}.
 */
final class AgentLauncher {

	static final String LOG = "agent.log";
	private static final Duration START = Duration.ofSeconds(60);

	private AgentLauncher() {
	}

	/** Starts the agent and records it in the state file; {@link #await} waits until it is ready. */
	static Process spawn(Path stateDir, LabState state) throws IOException, LabException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> cmd = new ArrayList<>();
		Programs.find("setsid", Programs.SYSTEM_PATH).ifPresent(setsid -> cmd.add(setsid.toString()));
		cmd.addAll(List.of(java, "-Xms16m", "-Xmx160m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-XX:CICompilerCount=1", "-Djava.awt.headless=true", "-cp", classpath(),
				LabAgent.class.getName(), stateDir.toString()));
		Path ready = stateDir.resolve(LabAgent.READY);
		Files.deleteIfExists(ready);
		ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve(LOG).toFile()));
		// the agent runs the SSH hosts' commands: it gets none of this process's environment (which may hold
		// credentials, e.g. UNDERLAY_CREDENTIAL_* of the command line)
		Programs.withCleanEnvironment(pb);
		Process p = pb.start();
		state.agent = new LabState.Proc(p.toHandle(), "lab agent");
		synchronized (state) {
			state.write(stateDir);
		}
		return p;
	}

	/** Waits (60 s at most) until the agent says it is ready, or fails with what it said or where its log is. */
	static void await(Path stateDir, Process p) throws IOException, LabException {
		Path ready = stateDir.resolve(LabAgent.READY);
		long end = System.nanoTime() + START.toNanos();
		while (System.nanoTime() < end) {
			if (Files.exists(ready)) {
				String text = Files.readString(ready).strip();
				if (text.equals("ok")) {
					return;
				}
				throw new LabException("lab agent: " + text.replaceFirst("^error: ", ""));
			}
			if (!p.isAlive()) {
				throw new LabException("the lab agent exited (code " + p.exitValue() + "); see "
						+ stateDir.resolve(LOG));
			}
			Processes.sleep(20);
		}
		throw new LabException("the lab agent did not get ready within " + START.toSeconds() + " s; see "
				+ stateDir.resolve(LOG));
	}

	/**
	 * Where the agent's classes come from: this bundle, the peers bundle, the Redfish simulator, Gson, MINA SSHD and
	 * SLF4J.
	 */
	static String classpath() throws LabException {
		Class<?> sshd;
		Class<?> slf4j;
		try {
			sshd = Class.forName("org.apache.sshd.server.SshServer", false, AgentLauncher.class.getClassLoader());
			slf4j = Class.forName("org.slf4j.Logger", false, sshd.getClassLoader());
		} catch (ClassNotFoundException | LinkageError e) {
			throw new LabException("the lab's SSH hosts need Apache MINA SSHD (bundle org.apache.sshd.osgi) and "
					+ "SLF4J in this installation");
		}
		List<String> entries = new ArrayList<>();
		for (Class<?> c : new Class<?>[] { LabAgent.class, FileTrees.class, RedfishSimulator.class, Gson.class, sshd,
				slf4j }) {
			String entry = location(c);
			if (!entries.contains(entry)) {
				entries.add(entry);
			}
		}
		return String.join(File.pathSeparator, entries);
	}

	private static String location(Class<?> c) throws LabException {
		CodeSource source = c.getProtectionDomain().getCodeSource();
		URL url = source == null ? null : source.getLocation();
		if (url == null) {
			throw new LabException("cannot locate the classes of " + c.getName() + " to start the lab agent");
		}
		try {
			Path p = Path.of(url.toURI());
			String classFile = c.getName().replace('.', '/') + ".class";
			if (Files.isDirectory(p) && !Files.exists(p.resolve(classFile))) {
				// a bundle in development mode: its folder, with the classes below
				for (String sub : new String[] { "target/classes", "bin" }) {
					if (Files.exists(p.resolve(sub).resolve(classFile))) {
						return p.resolve(sub).toString();
					}
				}
			}
			return p.toString();
		} catch (URISyntaxException | IllegalArgumentException e) {
			throw new LabException("cannot locate the classes of " + c.getName() + " (" + url + ")");
		}
	}
}
