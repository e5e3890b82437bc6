package org.underlay.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.Locale;

import org.underlay.lab.internal.AtomicFiles;
import org.underlay.lab.internal.HostSandbox;
import org.underlay.lab.internal.LabAgent;
import org.underlay.lab.internal.LabState;
import org.underlay.peers.FileTrees;

/**
 * The files {@code up} writes into the state directory for the operator and the drivers (the Redfish CA file, the
 * binding as the lab runs it) and {@code down} removes with all the rest.
 */
final class LabFiles {

	private LabFiles() {
	}

	/** The certificates of the lab's Redfish BMCs, one PEM file for the driver's {@code redfish.tls.caFile}. */
	static void writeRedfishCa(Path stateDir, LabState state) throws IOException {
		StringBuilder pem = new StringBuilder();
		for (LabState.MachineState m : state.machines) {
			Path cert = stateDir.resolve(m.dir).resolve("redfish-cert.pem");
			if (Files.exists(cert)) {
				pem.append(Files.readString(cert));
			}
		}
		AtomicFiles.write(stateDir.resolve(Lab.REDFISH_CA), pem.toString());
	}

	/**
	 * Records each machine's certificate fingerprint and host key and writes {@value Lab#BINDING}: the {@code lab}
	 * environment as the lab runs it, with {@code tls-fingerprint} and {@code host-key} pinned, for an operator to
	 * compare with or copy into the design (it is not loaded by itself).
	 */
	static void writeBinding(Path stateDir, LabState state) throws IOException {
		StringBuilder b = new StringBuilder();
		b.append("// Written by 'lab up' at ").append(state.createdAt).append(": the ").append(state.environment)
				.append(" binding of site ").append(state.site).append(" as this lab runs it.\n");
		b.append("// Credentials for the names below: ").append(stateDir.resolve(Lab.CREDENTIALS)).append(" (0600).\n");
		b.append("environment ").append(state.environment).append(" for ").append(state.site).append(" {\n");
		for (LabState.MachineState m : state.machines) {
			Path md = stateDir.resolve(m.dir);
			Path cert = md.resolve("redfish-cert.pem");
			if (Files.exists(cert)) {
				m.bmcTlsSha256 = fingerprint(cert);
			}
			Path hostKey = md.resolve("ssh_host_key.pub");
			if (Files.exists(hostKey)) {
				String line = Files.readString(hostKey).strip();
				m.sshHostKey = line.substring(line.indexOf(' ') + 1);
			}
			b.append("\t").append(m.name).append(" { bmc ").append(m.bmcKind.toLowerCase(Locale.ROOT))
					.append(' ').append(m.bmcHost).append(':').append(m.bmcPort).append(" credential ")
					.append(m.bmcCredential);
			if (m.bmcKind.equals("IPMI")) {
				b.append(" cipher 3");
			} else if (m.bmcTlsSha256 != null) {
				b.append(" tls-fingerprint \"").append(m.bmcTlsSha256).append('"');
			}
			b.append(" ssh ").append(m.sshHost).append(':').append(m.sshPort).append(" user ").append(m.sshUser)
					.append(" credential ").append(m.sshCredential);
			if (m.sshHostKey != null) {
				b.append(" host-key \"").append(m.sshHostKey).append('"');
			}
			b.append(" }\n");
		}
		b.append("}\n");
		AtomicFiles.write(stateDir.resolve(Lab.BINDING), b.toString());
	}

	private static String fingerprint(Path pem) throws IOException {
		try (InputStream in = Files.newInputStream(pem)) {
			Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		} catch (GeneralSecurityException e) {
			throw new IOException("cannot read the certificate " + pem + ": " + e.getMessage(), e);
		}
	}

	/** Removes the lab's files, secrets included, and the folder unless someone else's files are in it. */
	static void remove(Path dir, LabState state) {
		for (LabState.MachineState m : state.machines) {
			FileTrees.deleteWhatCan(dir.resolve(m.dir));
		}
		FileTrees.deleteWhatCan(dir.resolve("machines"));
		FileTrees.deleteWhatCan(dir.resolve(IpmiBmcs.RESOURCES));
		FileTrees.deleteWhatCan(HostSandbox.disks(dir));
		for (String f : new String[] { Lab.CREDENTIALS, Lab.SSH_KEY, Lab.SSH_KEY + ".pub", "authorized_keys",
				Lab.KNOWN_HOSTS, Lab.REDFISH_CA, Lab.BINDING, LabAgent.READY, LabAgent.SANDBOX, AgentLauncher.LOG,
				LabState.FILE }) {
			try {
				Files.deleteIfExists(dir.resolve(f));
			} catch (IOException e) {
				// left behind; the next up overwrites it
			}
		}
		try {
			Files.deleteIfExists(dir);
		} catch (IOException e) {
			// not empty: someone else's files stay
		}
	}
}
