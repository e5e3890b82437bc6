package org.underlay.boot;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files the installer unpacks over a machine's installed root: its host name, its addresses (each NIC named as
 * in the design, matched by MAC), name servers, NTP servers, the image it got, and the environment's SSH key for
 * root and for the SSH user. Rendered here from a checked {@link BootMachine}, so the installer only unpacks a tar.
 */
public final class MachineFiles {

	private static final Pattern KEY = Pattern.compile(
			"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com) [A-Za-z0-9+/=]+( [\\x21-\\x7e ]*)?");

	private MachineFiles() {
	}

	/** A file: its path below the root (no leading '/'), its mode, its content. */
	public record Entry(String path, int mode, byte[] content) {
	}

	/**
	 * Checks an authorized key line ({@code ssh-ed25519 AAAA... comment}): one line of a known key type, nothing a
	 * shell or sshd would read as options.
	 */
	public static String checkKey(String line) {
		String key = line.strip();
		if (!KEY.matcher(key).matches()) {
			throw new IllegalArgumentException("not an SSH public key line (type, base64, optional comment)");
		}
		return key;
	}

	/** The files of {@code machine}, with {@code authorizedKeys} (checked lines) for root and its SSH user. */
	public static List<Entry> of(BootMachine machine, List<String> authorizedKeys) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("etc/hostname", machine.name() + "\n");
		BootMachine.Nic boot = machine.bootNic();
		files.put("etc/hosts", "127.0.0.1\tlocalhost\n" + boot.address() + "\t" + machine.fqdn()
				+ (machine.domain() == null ? "" : "\t" + machine.name()) + "\n");
		StringBuilder interfaces = new StringBuilder("# Written by Underlay from the design\n");
		boolean gateway = false;
		for (BootMachine.Nic nic : machine.nics()) {
			files.put("etc/systemd/network/10-underlay-" + nic.name() + ".link",
					"[Match]\nMACAddress=" + nic.mac() + "\n\n[Link]\nName=" + nic.name() + "\n");
			if (nic.address() != null) {
				interfaces.append("\nauto ").append(nic.name()).append("\niface ").append(nic.name())
						.append(" inet static\n\taddress ").append(nic.address()).append('/').append(nic.prefix())
						.append('\n');
				if (nic.gateway() != null && !gateway) {
					interfaces.append("\tgateway ").append(nic.gateway()).append('\n');
					gateway = true;
				}
			}
		}
		files.put("etc/network/interfaces.d/underlay", interfaces.toString());
		StringBuilder resolv = new StringBuilder();
		if (machine.domain() != null) {
			resolv.append("search ").append(machine.domain()).append('\n');
		}
		List<String> dns = machine.dnsServers().isEmpty() && boot.gateway() != null ? List.of(boot.gateway())
				: machine.dnsServers();
		dns.forEach(s -> resolv.append("nameserver ").append(s).append('\n'));
		files.put("etc/resolv.conf", resolv.toString());
		files.put("etc/underlay-image", machine.image() + "\n");
		if (!machine.ntpServers().isEmpty()) {
			StringBuilder ntp = new StringBuilder();
			machine.ntpServers().forEach(s -> ntp.append("server ").append(s).append(" iburst\n"));
			files.put("etc/chrony/sources.d/underlay.sources", ntp.toString());
		}
		List<Entry> entries = new ArrayList<>();
		files.forEach((path, text) -> entries.add(new Entry(path, 0644, text.getBytes(StandardCharsets.UTF_8))));
		if (!authorizedKeys.isEmpty()) {
			StringBuilder keys = new StringBuilder();
			authorizedKeys.forEach(k -> keys.append(checkKey(k)).append('\n'));
			byte[] content = keys.toString().getBytes(StandardCharsets.UTF_8);
			entries.add(new Entry("root/.ssh/authorized_keys", 0600, content));
			if (machine.sshUser() != null && !machine.sshUser().equals("root")) {
				entries.add(new Entry("home/" + machine.sshUser() + "/.ssh/authorized_keys", 0600, content));
				// the workflow's steps run as this user; what needs root runs through sudo, without a password
				entries.add(new Entry("etc/sudoers.d/underlay", 0440, (machine.sshUser() + " ALL=(ALL) NOPASSWD:ALL\n")
						.getBytes(StandardCharsets.UTF_8)));
			}
		}
		return entries;
	}

	/** A ustar archive of {@code entries} (their folders first, mode 0755; root owns everything). */
	public static byte[] tar(List<Entry> entries) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<String> folders = new ArrayList<>();
		for (Entry entry : entries) {
			String path = entry.path();
			for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
				String folder = path.substring(0, slash + 1);
				if (!folders.contains(folder)) {
					folders.add(folder);
					header(out, folder, folder.startsWith("root/") || folder.endsWith("/.ssh/") ? 0700 : 0755, 0,
							'5');
				}
			}
			header(out, path, entry.mode(), entry.content().length, '0');
			out.writeBytes(entry.content());
			pad(out, entry.content().length);
		}
		out.writeBytes(new byte[1024]);
		return out.toByteArray();
	}

	private static void header(ByteArrayOutputStream out, String name, int mode, long size, char type) {
		byte[] header = new byte[512];
		byte[] path = name.getBytes(StandardCharsets.UTF_8);
		if (path.length > 100) {
			throw new IllegalArgumentException("path too long for the archive: " + name);
		}
		System.arraycopy(path, 0, header, 0, path.length);
		octal(header, 100, 8, mode);
		octal(header, 108, 8, 0);
		octal(header, 116, 8, 0);
		octal(header, 124, 12, size);
		octal(header, 136, 12, 0);
		header[156] = (byte) type;
		System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
		System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, header, 265, 4);
		System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, header, 297, 4);
		for (int i = 148; i < 156; i++) {
			header[i] = ' ';
		}
		long sum = 0;
		for (byte b : header) {
			sum += b & 0xff;
		}
		octal(header, 148, 7, sum);
		out.writeBytes(header);
	}

	private static void octal(byte[] header, int offset, int length, long value) {
		String text = Long.toOctalString(value);
		String padded = "0".repeat(Math.max(0, length - 1 - text.length())) + text;
		byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length - 1));
		header[offset + length - 1] = 0;
	}

	private static void pad(ByteArrayOutputStream out, long size) {
		int rest = (int) (size % 512);
		if (rest != 0) {
			out.writeBytes(new byte[512 - rest]);
		}
	}
}
