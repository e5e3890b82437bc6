package org.underlay.lab.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The lab's state file ({@value #FILE} in the state directory): every process the lab started (PID and start
 * time, to never signal a process that merely reuses a PID), every port, and where the lab's files are. Written
 * atomically; read by a fresh JVM for {@code lab down} / {@code lab status}, and by the lab agent for its machines.
 */
public final class LabState {

	public static final String FILE = "state.json";

	/** A process the lab started. */
	public static final class Proc {
		public long pid;
		/** Start time in epoch milliseconds as the OS reports it, or 0 when unknown. */
		public long startedAt;
		public String what;

		public Proc() {
		}

		public Proc(ProcessHandle handle, String what) {
			this.pid = handle.pid();
			this.startedAt = handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
			this.what = what;
		}
	}

	public static final class MachineState {
		public String name;
		public String bmcKind;
		public String bmcHost;
		public int bmcPort;
		public String bmcCredential;
		public String sshHost;
		public int sshPort;
		public String sshUser;
		public String sshCredential;
		/** The machine's folder, relative to the state directory. */
		public String dir;
		/** SHA-256 fingerprint of the Redfish BMC's certificate (colon-separated hex), for {@code tls-fingerprint}. */
		public String bmcTlsSha256;
		/** The SSH host's public key ("ecdsa-sha2-nistp256 AAAA..."), for {@code host-key}. */
		public String sshHostKey;
		/** The ipmi_sim process (IPMI machines); Redfish BMCs live in the agent. */
		public Proc bmc;
	}

	public int version = 1;
	public String site;
	public String environment;
	public String createdAt;
	/** absolute state directory; every process the lab starts carries it on its command line */
	public String stateDir;
	public String phase = "starting";
	public Proc agent;
	public List<MachineState> machines = new ArrayList<>();
	public Map<String, String> files;

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	public static LabState read(Path stateDir) throws IOException {
		Path file = stateDir.resolve(FILE);
		try {
			LabState s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), LabState.class);
			if (s == null || s.machines == null) {
				throw new IOException("state file " + file + " is empty or malformed");
			}
			return s;
		} catch (JsonParseException e) {
			throw new IOException("state file " + file + " is malformed: " + e.getMessage(), e);
		}
	}

	public void write(Path stateDir) throws IOException {
		AtomicFiles.write(stateDir.resolve(FILE), GSON.toJson(this) + "\n");
	}

	public MachineState machine(String name) {
		for (MachineState m : machines) {
			if (m.name.equals(name)) {
				return m;
			}
		}
		return null;
	}
}
