package org.underlay.lab.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.underlay.peers.FileTrees;

/**
 * Gives every simulated host of the lab a disk of its own, so that provisioning steps run for real without touching
 * the operator's machine: each command runs in new user, mount and UTS namespaces ({@code unshare}) in which the
 * machine's {@code disk/etc}, {@code disk/root}, {@code disk/tmp} and {@code disk/usr/local/sbin} are mounted over
 * {@code /etc}, {@code /root}, {@code /tmp} and {@code /usr/local/sbin}, the command is root of its namespace and
 * the host name comes from the machine's {@code /etc/hostname}. Everything else of the file system is the operator's
 * and only readable: when the lab runs as root the namespace belongs to {@code nobody} (setpriv), otherwise to the
 * operator's own user.
 *
 * <p>A network boot {@linkplain #install installs} the machine's image: a fresh disk with the design's
 * {@code os.image}. Where user namespaces are not allowed, {@link #detect} says why and the lab's hosts fall back to
 * running commands unsandboxed as {@code nobody}.
 */
public final class HostSandbox {

	/** The folders of a disk that are mounted over the same paths of the host's file system. */
	static final List<String> MOUNTED = List.of("etc", "root", "tmp", "usr/local/sbin");

	/** Exit status of a command whose sandbox could not be set up (mount refused). */
	public static final int SETUP_FAILED = 125;

	/**
	 * $1 the disk, $2 the command. The disk is first mounted on /mnt, because mounting /root or /tmp may hide the
	 * disk's own path (the lab lives in the operator's home).
	 */
	private static final String SETUP = "mount --bind \"$1\" /mnt || exit " + SETUP_FAILED + "; for p in "
			+ String.join(" ", MOUNTED) + "; do mount --bind /mnt/$p /$p || exit " + SETUP_FAILED + "; done;"
			+ " umount -l /mnt; hostname \"$(cat /etc/hostname)\" 2>/dev/null;"
			+ " PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; HOME=/root; export PATH HOME;"
			+ " cd /root && unset OLDPWD && exec /bin/sh -c \"$2\"";

	private static final String HOSTNAMECTL = """
			#!/bin/sh
			# hostnamectl of a rehearsal-lab host: the static host name is /etc/hostname, as systemd keeps it
			case "$1" in
			set-hostname)
			    [ -n "$2" ] || { echo "hostnamectl: set-hostname needs a name" >&2; exit 1; }
			    printf '%s\\n' "$2" > /etc/hostname && hostname "$2" ;;
			""|status) echo " Static hostname: $(cat /etc/hostname)" ;;
			hostname) cat /etc/hostname ;;
			*) echo "hostnamectl: '$1' is not simulated by the rehearsal lab" >&2; exit 1 ;;
			esac
			""";

	private static final int NOBODY = 65534;
	static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private final List<String> prefix;
	private final String unavailable;

	private HostSandbox(List<String> prefix, String unavailable) {
		this.prefix = prefix;
		this.unavailable = unavailable;
	}

	/**
	 * Where the disks of the lab in {@code stateDir} live: in the lab's folder, or, when the lab runs as root, in
	 * {@code /var/tmp/underlay-lab-<id>} — {@code nobody} cannot reach into root's home, and it must reach its disk.
	 */
	public static Path disks(Path stateDir) {
		if (!ROOT) {
			return stateDir.resolve("disks");
		}
		String id = Integer.toHexString(stateDir.toAbsolutePath().normalize().toString().hashCode());
		return Path.of("/var/tmp", "underlay-lab-" + id);
	}

	/** {@link #disks} created (as root: mode 0711, so that nobody can reach the disks but not list them). */
	static Path createDisks(Path stateDir) throws IOException {
		Path disks = Files.createDirectories(disks(stateDir));
		if (ROOT) {
			Files.setPosixFilePermissions(disks, PosixFilePermissions.fromString("rwx--x--x"));
		}
		return disks;
	}

	/**
	 * Tries the sandbox once with a probe disk under {@code scratch} (deleted afterwards): a command must see the
	 * disk's host name, write the disk's /etc and leave the real /etc alone.
	 */
	public static HostSandbox detect(Path scratch) {
		String unshare = executable("unshare");
		String setpriv = executable("setpriv");
		if (unshare == null) {
			return new HostSandbox(List.of(), "unshare (util-linux) is not installed");
		}
		if (ROOT && setpriv == null) {
			return new HostSandbox(List.of(), "setpriv (util-linux) is not installed");
		}
		if (!Files.isDirectory(Path.of("/mnt")) || !Files.isDirectory(Path.of("/usr/local/sbin"))) {
			return new HostSandbox(List.of(), "this system has no /mnt or /usr/local/sbin to mount on");
		}
		List<String> prefix = new ArrayList<>();
		if (ROOT) {
			prefix.addAll(List.of(setpriv, "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
		}
		prefix.addAll(List.of(unshare, "--user", "--map-root-user", "--mount", "--uts", "--fork", "--kill-child",
				"--", "/bin/sh", "-c", SETUP, "underlay-lab-host"));
		HostSandbox candidate = new HostSandbox(List.copyOf(prefix), null);
		Path disk = scratch.resolve("disk");
		String marker = "underlay-probe-" + ProcessHandle.current().pid();
		try {
			install(disk, Map.of("hostname", "underlay-probe", "os.image", "probe"));
			ProcessBuilder pb = new ProcessBuilder(candidate.command(disk, "hostname; echo ok > /etc/" + marker
					+ "; hostnamectl set-hostname probe-2; hostname")).redirectErrorStream(true)
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(new File("/"));
			Process p = pb.start();
			String out;
			try (var in = p.getInputStream()) {
				out = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
			}
			if (!p.waitFor(20, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return new HostSandbox(List.of(), "the sandbox probe did not finish");
			}
			if (p.exitValue() != 0 || !out.equals("underlay-probe\nprobe-2\n")
					|| !Files.isRegularFile(disk.resolve("etc").resolve(marker))
					|| Files.exists(Path.of("/etc", marker))) {
				String first = out.lines().findFirst().orElse("exit " + p.exitValue());
				return new HostSandbox(List.of(), "user namespaces are not usable here (" + first + ")");
			}
			return candidate;
		} catch (IOException e) {
			return new HostSandbox(List.of(), "the sandbox probe failed: " + e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new HostSandbox(List.of(), "interrupted");
		} finally {
			try {
				FileTrees.delete(scratch);
			} catch (IOException e) {
				// a probe folder left in the lab's state is removed with the lab
			}
		}
	}

	public boolean available() {
		return unavailable == null;
	}

	/** Why the hosts run unsandboxed, or {@code null}. */
	public String unavailableReason() {
		return unavailable;
	}

	/** The process to run {@code command} on the host whose disk is {@code disk}. */
	public List<String> command(Path disk, String command) {
		if (!available()) {
			throw new IllegalStateException("no sandbox: " + unavailable);
		}
		List<String> argv = new ArrayList<>(prefix);
		argv.add(disk.toAbsolutePath().toString());
		argv.add(command);
		return argv;
	}

	/**
	 * Writes a fresh disk, as an installer would from the machine's image: {@code /etc} with the host name, hosts,
	 * os-release and {@code underlay-image} ({@code os.image}), users root and nobody, empty apt and chrony
	 * configuration folders, {@code /root}, {@code /tmp} and a {@code hostnamectl}. Whatever the disk held is gone.
	 */
	public static void install(Path disk, Map<String, String> facts) throws IOException {
		FileTrees.delete(disk);
		String hostname = facts.getOrDefault("hostname", "localhost");
		Path etc = disk.resolve("etc");
		for (String dir : List.of("apt/sources.list.d", "apt/apt.conf.d", "chrony/sources.d", "chrony/conf.d",
				"network", "ssh")) {
			Files.createDirectories(etc.resolve(dir));
		}
		Files.writeString(etc.resolve("hostname"), hostname + "\n");
		Files.writeString(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n");
		Files.writeString(etc.resolve("os-release"), Facts.osRelease(facts));
		Files.writeString(etc.resolve("underlay-image"), facts.getOrDefault("os.image", "") + "\n");
		Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"
				+ "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
		Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
		Files.createDirectories(disk.resolve("root"));
		Path tmp = Files.createDirectories(disk.resolve("tmp"));
		Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path sbin = Files.createDirectories(disk.resolve("usr/local/sbin"));
		Path hostnamectl = sbin.resolve("hostnamectl");
		Files.writeString(hostnamectl, HOSTNAMECTL);
		Files.setPosixFilePermissions(hostnamectl, PosixFilePermissions.fromString("rwxr-xr-x"));
		if (ROOT) {
			// the namespace's root is nobody outside it: the disk must be nobody's
			try (Stream<Path> all = Files.walk(disk)) {
				for (Path p : (Iterable<Path>) all::iterator) {
					Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
					Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
				}
			}
		}
	}

	/** The system's copy of a util-linux tool, or null. */
	static String executable(String name) {
		for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
			Path p = Path.of(dir, name);
			if (Files.isExecutable(p)) {
				return p.toString();
			}
		}
		return null;
	}
}
