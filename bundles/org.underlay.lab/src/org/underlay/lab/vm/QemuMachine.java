package org.underlay.lab.vm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.underlay.peers.Programs;

/**
 * One virtual machine of the lab, the way a server behaves: a disk, a NIC with the design's MAC on a tap of the
 * lab's bridge, a serial console written to a file, power on from the network (PXE, a one-time override) or from
 * the disk, power off hard (QMP {@code quit}) or soft (ACPI). A reboot by the guest restarts it from the disk, as
 * firmware does once a one-time network boot is used up (QEMU runs with {@code -no-reboot}; its QMP event says a
 * reset, not a power-off, ended it). Thread-safe.
 */
public final class QemuMachine implements AutoCloseable {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");
	private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

	/**
	 * What the machine is made of.
	 *
	 * @param name        the machine's name (the design's)
	 * @param mac         its NIC's MAC (the design's)
	 * @param tap         the tap on the lab's bridge
	 * @param dir         where its disk, console log and QMP socket live
	 * @param diskBytes   its disk's size
	 * @param memoryMiB   its memory
	 * @param accelerator KVM or TCG
	 */
	public record Spec(String name, String mac, String tap, Path dir, long diskBytes, int memoryMiB,
			Accelerator accelerator) {

		public Spec {
			if (!NAME.matcher(name).matches() || !MAC.matcher(mac).matches()
					|| !tap.matches("[a-z][a-z0-9]{0,14}")) {
				throw new IllegalArgumentException("not a plain name, MAC or tap: " + name + " " + mac + " " + tap);
			}
		}
	}

	private final Spec spec;
	private final Consumer<String> events;
	private Process process;
	private boolean poweredOffByUs;
	private volatile String lastShutdownReason;
	private int boots;
	private volatile Runnable onGuestOff = () -> {
	};

	/** Creates the machine's disk (empty, thin) if it has none. */
	public QemuMachine(Spec spec, Consumer<String> events) throws IOException {
		this.spec = spec;
		this.events = events;
		Files.createDirectories(spec.dir());
		if (!Files.exists(disk())) {
			Programs.output(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk().toString(),
					Long.toString(spec.diskBytes())), null, null, Duration.ofSeconds(30));
		}
	}

	public Path disk() {
		return spec.dir().resolve("disk.qcow2");
	}

	/** The serial console so far (the installer's and the OS's messages). */
	public Path console() {
		return spec.dir().resolve("console.log");
	}

	private Path qmp() {
		return spec.dir().resolve("qmp.sock");
	}

	/**
	 * Tells {@code listener} when the machine goes off by itself (the guest powered off, or crashed), not by
	 * {@link #powerOff}: its BMC must then read Off.
	 */
	public void onGuestOff(Runnable listener) {
		this.onGuestOff = listener;
	}

	public synchronized boolean isOn() {
		return process != null && process.isAlive();
	}

	/** How many times it has been started (by power-on or by following a reboot). */
	public synchronized int boots() {
		return boots;
	}

	/** Powers on, from the network or from the disk; nothing if it is on. */
	public synchronized void powerOn(boolean network) throws IOException {
		if (isOn()) {
			return;
		}
		poweredOffByUs = false;
		lastShutdownReason = null;
		Files.deleteIfExists(qmp());
		List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-name", spec.name(),
				"-accel", spec.accelerator().qemuName(), "-m", Integer.toString(spec.memoryMiB()), "-smp", "1",
				"-display", "none", "-monitor", "none", "-serial", "file:" + console(), "-no-reboot",
				"-qmp", "unix:" + qmp() + ",server=on,wait=off",
				"-smbios", "type=1,manufacturer=Underlay,product=VM,serial=VM-" + spec.name(),
				"-drive", "file=" + disk() + ",if=virtio,format=qcow2",
				"-netdev", "tap,id=n0,ifname=" + spec.tap() + ",script=no,downscript=no",
				"-device", "e1000,netdev=n0,mac=" + spec.mac(),
				"-boot", network ? "order=n" : "order=c"));
		// appended, so the console keeps the whole story: installer, reboot, installed system
		Files.writeString(console(), "\n=== underlay: power on from " + (network ? "the network" : "the disk") + "\n",
				StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		Process started = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.dir().resolve("qemu.log").toFile())).start();
		process = started;
		boots++;
		events.accept(spec.name() + ": powered on from " + (network ? "the network" : "the disk") + " ("
				+ spec.accelerator().qemuName() + ")");
		Thread watcher = new Thread(() -> follow(started), "underlay-vm-" + spec.name());
		watcher.setDaemon(true);
		watcher.start();
	}

	/** Holds a QMP connection for the SHUTDOWN event's reason, then restarts from disk after a guest reboot. */
	private void follow(Process started) {
		for (int i = 0; i < 50 && started.isAlive() && !Files.exists(qmp()); i++) {
			sleep(100);
		}
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(qmp()));
			BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
					StandardCharsets.UTF_8));
			OutputStream out = Channels.newOutputStream(channel);
			out.write("{\"execute\":\"qmp_capabilities\"}\n".getBytes(StandardCharsets.UTF_8));
			for (String line; (line = in.readLine()) != null;) {
				if (line.contains("\"SHUTDOWN\"")) {
					var m = Pattern.compile("\"reason\"\\s*:\\s*\"([a-z-]+)\"").matcher(line);
					lastShutdownReason = m.find() ? m.group(1) : "unknown";
				}
			}
		} catch (IOException e) {
			// QEMU ended (or never opened QMP): the exit below says the rest
		}
		try {
			started.waitFor();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		boolean restart;
		synchronized (this) {
			restart = process == started && !poweredOffByUs && "guest-reset".equals(lastShutdownReason);
		}
		events.accept(spec.name() + ": " + ("guest-reset".equals(lastShutdownReason) ? "rebooted"
				: "off (" + (poweredOffByUs ? "powered off" : String.valueOf(lastShutdownReason)) + ")"));
		if (restart) {
			try {
				powerOn(false);
				return;
			} catch (IOException e) {
				events.accept(spec.name() + ": cannot restart after its reboot: " + e.getMessage());
			}
		}
		boolean byGuest;
		synchronized (this) {
			byGuest = process == started && !poweredOffByUs;
		}
		if (byGuest) {
			onGuestOff.run();
		}
	}

	/** Powers off: soft asks the guest (ACPI) and waits up to {@code grace}, then cuts power as hard does. */
	public void powerOff(boolean soft, Duration grace) throws IOException {
		Process running;
		synchronized (this) {
			running = process;
			if (running == null || !running.isAlive()) {
				return;
			}
			poweredOffByUs = true;
		}
		if (soft) {
			qmpCommand("system_powerdown");
			try {
				if (running.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
					return;
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			qmpCommand("quit");
			if (!running.waitFor(5, TimeUnit.SECONDS)) {
				running.destroyForcibly();
			}
		} catch (IOException | InterruptedException e) {
			running.destroyForcibly();
		}
	}

	/** Waits until the machine is off (a guest power-off or reboot without follow-up); whether it is. */
	public boolean awaitOff(Duration timeout) throws InterruptedException {
		Process running;
		synchronized (this) {
			running = process;
		}
		return running == null || running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void qmpCommand(String command) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(qmp()));
			OutputStream out = Channels.newOutputStream(channel);
			out.write(("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"" + command + "\"}\n")
					.getBytes(StandardCharsets.UTF_8));
			out.flush();
			sleep(200);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		try {
			powerOff(false, Duration.ZERO);
		} catch (IOException e) {
			Process p = process;
			if (p != null) {
				p.destroyForcibly();
			}
		}
	}
}
