package org.underlay.boot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.File;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.underlay.peers.FileTrees;
import org.underlay.peers.Programs;
import org.underlay.dsl.images.ImageCatalogue;

/**
 * The boot service of one environment: dnsmasq (DHCP and TFTP) as a child process on one interface, and the
 * {@link BootHttpServer} on that interface's address. Everything is checked before anything starts (the machines,
 * their images, the installer, the interface, dnsmasq); a dnsmasq that cannot bind is reported with its words.
 * Closing stops both.
 */
public final class BootService implements AutoCloseable {

	/** How long dnsmasq gets to say it serves (or why it does not). */
	private static final long START_MILLIS = 10_000;

	private static final Pattern IGNORED = Pattern.compile(
			"DHCP(DISCOVER|REQUEST|INFORM)\\(([^)]*)\\)[^\\n]*?(([0-9a-f]{2}:){5}[0-9a-f]{2})[^\\n]*ignored");

	/**
	 * What to serve and where.
	 *
	 * @param machines         the environment's machines
	 * @param catalogue        the images
	 * @param installer        folder with {@code vmlinuz} and {@code initrd.gz}
	 * @param networkInterface the interface to serve on (required: never all of them)
	 * @param httpPort         the HTTP port (0: any free one)
	 * @param proxy            proxy-DHCP beside an existing DHCP server
	 * @param authorizedKeys   SSH public key lines to install
	 * @param kernelArguments  more arguments for the installer's kernel ({@code console=ttyS0,115200})
	 */
	public record Options(BootMachines machines, ImageCatalogue catalogue, Path installer, String networkInterface,
			int httpPort, boolean proxy, List<String> authorizedKeys, String kernelArguments) {
	}

	private final BootHttpServer http;
	private final Process dnsmasq;
	private final List<String> dnsmasqLog = Collections.synchronizedList(new ArrayList<>());
	private final String address;
	private final Path runtime;
	private volatile boolean closed;

	private final FileChannel lock;

	private BootService(FileChannel lock, BootHttpServer http, Process dnsmasq, String address, Path runtime) {
		this.lock = lock;
		this.http = http;
		this.dnsmasq = dnsmasq;
		this.address = address;
		this.runtime = runtime;
	}

	/** Checks everything, then starts the HTTP server and dnsmasq; {@code events} hears (machine, what happened). */
	public static BootService start(Options options, BiConsumer<String, String> events) throws BootException {
		check(options);
		String address = addressOf(options.networkInterface());
		Path dnsmasq = Programs.find("dnsmasq").orElseThrow(() -> new BootException(
				"dnsmasq is not installed (Debian package dnsmasq-base); the boot service needs it for DHCP and TFTP"));
		FileChannel lock = lockInterface(options.networkInterface());
		BootHttpServer http;
		try {
			http = new BootHttpServer(options.machines(), options.catalogue(), options.installer(),
					options.authorizedKeys(), options.kernelArguments(), address, options.httpPort(), events);
		} catch (IOException e) {
			closeQuietly(lock);
			throw new BootException("cannot serve HTTP on " + address + ":" + options.httpPort() + ": " + e.getMessage(),
					e);
		}
		Path runtime = null;
		try {
			runtime = Files.createTempDirectory("underlay-boot-");
			DnsmasqConfig config = new DnsmasqConfig(options.networkInterface(), address, http.port(), runtime,
					options.proxy());
			Path conf = writeConfiguration(config, options.machines());
			Process process = new ProcessBuilder(dnsmasq.toString(), "--keep-in-foreground",
					"--log-facility=" + config.logFile(), "--conf-file=" + conf,
					"--pid-file=" + runtime.resolve("dnsmasq.pid"))
					.redirectErrorStream(true).redirectOutput(runtime.resolve("dnsmasq.out").toFile())
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
			recordPid(lock, process.pid());
			BootService service = new BootService(lock, http, process, address, runtime);
			service.awaitServing(config.logFile(), events);
			return service;
		} catch (IOException | BootException | RuntimeException e) {
			http.close();
			closeQuietly(lock);
			if (runtime != null) {
				FileTrees.deleteWhatCan(runtime);
			}
			if (e instanceof BootException b) {
				throw b;
			}
			throw new BootException("cannot start dnsmasq: " + e.getMessage(), e);
		}
	}

	private static void check(Options options) throws BootException {
		BootMachines machines = options.machines();
		if (!machines.errors().isEmpty()) {
			throw new BootException("the design cannot be served as it is:\n  " + String.join("\n  ", machines.errors()));
		}
		if (machines.machines().isEmpty()) {
			throw new BootException("environment " + machines.environment() + " has no machine with a MAC and an address "
					+ "to boot" + (machines.notes().isEmpty() ? "" : ":\n  " + String.join("\n  ", machines.notes())));
		}
		if (options.networkInterface() == null || options.networkInterface().isBlank()) {
			throw new BootException("name the interface to serve on (--interface): a DHCP server answering on every "
					+ "interface could install the wrong network's machines");
		}
		List<String> unknown = new ArrayList<>();
		for (BootMachine machine : machines.machines()) {
			if (options.catalogue().find(machine.image()) == null) {
				unknown.add(machine.name() + ": os.image '" + machine.image() + "' is not in the image catalogue");
			}
		}
		if (!unknown.isEmpty()) {
			throw new BootException(String.join("\n", unknown) + "\n(the catalogue " + options.catalogue().folder()
					+ " has: " + (options.catalogue().images().isEmpty() ? "no images"
							: String.join(", ", options.catalogue().images().stream().map(ImageCatalogue.Image::name)
									.toList())) + ")");
		}
		for (ImageCatalogue.Image image : options.catalogue().images()) {
			try {
				options.catalogue().file(image);
			} catch (IOException e) {
				throw new BootException(e.getMessage(), e);
			}
		}
		for (String file : List.of("vmlinuz", "initrd.gz")) {
			if (!Files.isRegularFile(options.installer().resolve(file))) {
				throw new BootException("no installer in " + options.installer() + " (" + file + " is missing); make it "
						+ "with: underlay images build installer --out " + options.installer());
			}
		}
		for (Path loader : DnsmasqConfig.loaders()) {
			if (!Files.isRegularFile(loader)) {
				throw new BootException(loader + " is missing (Debian package ipxe)");
			}
		}
	}

	/**
	 * One boot service per interface on this machine: dnsmasq itself lets a second one bind beside the first, and
	 * two DHCP servers would answer every machine twice.
	 */
	private static FileChannel lockInterface(String networkInterface) throws BootException {
		Path file = Path.of(System.getProperty("java.io.tmpdir"), "underlay-boot-" + networkInterface + ".lock");
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			try {
				if (channel.tryLock() != null) {
					stopLeftOver(channel);
					return channel;
				}
			} catch (OverlappingFileLockException e) {
				// held by this JVM
			}
			channel.close();
			throw new BootException("another boot service already serves interface " + networkInterface
					+ " on this machine (it holds " + file + "); stop it first");
		} catch (IOException e) {
			throw new BootException("cannot lock " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * A boot service whose process ended without closing (killed, crashed) leaves its dnsmasq running, answering
	 * DHCP: the lock file names it, and it is stopped before a new one starts.
	 */
	private static void stopLeftOver(FileChannel lock) throws IOException {
		lock.position(0);
		ByteBuffer buffer = ByteBuffer.allocate(32);
		lock.read(buffer);
		String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
		if (text.matches("\\d{1,10}")) {
			ProcessHandle.of(Long.parseLong(text))
					.filter(p -> p.info().command().map(c -> c.endsWith("dnsmasq")).orElse(false)
							&& p.info().arguments().map(a -> String.join(" ", a).contains("underlay-boot-")).orElse(false))
					.ifPresent(p -> {
						p.destroy();
						p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> {
							p.destroyForcibly();
							return p;
						}).join();
					});
		}
	}

	/** Records dnsmasq's PID in the lock file, for {@link #stopLeftOver}. */
	private static void recordPid(FileChannel lock, long pid) throws IOException {
		lock.truncate(0);
		lock.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
		lock.force(false);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		} catch (IOException e) {
			// released with the process anyway
		}
	}

	/**
	 * Whether the interface was brought up ({@code IFF_UP}), link or not: a bridge whose machines are all off has no
	 * carrier yet, and dnsmasq serves it all the same.
	 */
	private static boolean administrativelyUp(NetworkInterface nif) throws SocketException {
		Path flags = Path.of("/sys/class/net", nif.getName(), "flags");
		try {
			return (Long.decode(Files.readString(flags).strip()) & 1) != 0;
		} catch (IOException | NumberFormatException e) {
			return nif.isUp();
		}
	}

	/** The first IPv4 address of the interface; the interface must exist and be up. */
	static String addressOf(String name) throws BootException {
		try {
			NetworkInterface nif = NetworkInterface.getByName(name);
			if (nif == null) {
				throw new BootException("no network interface '" + name + "' on this machine");
			}
			if (!administrativelyUp(nif)) {
				throw new BootException("network interface " + name + " is down (ip link set " + name + " up)");
			}
			for (InetAddress a : Collections.list(nif.getInetAddresses())) {
				if (a instanceof Inet4Address) {
					return a.getHostAddress();
				}
			}
			throw new BootException("network interface " + name + " has no IPv4 address");
		} catch (SocketException e) {
			throw new BootException("cannot read network interface " + name + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Writes dnsmasq's files into its runtime folder (a fresh one in the temporary folder, so that dnsmasq can reach
	 * it after it gives up root, whatever the permissions of the operator's folders): the configuration, the TFTP
	 * root with Debian's iPXE loaders, and a lease and a log file it may write.
	 */
	private static Path writeConfiguration(DnsmasqConfig config, BootMachines machines) throws IOException {
		Path runtime = config.workDir();
		Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.createDirectories(config.tftpRoot());
		Files.setPosixFilePermissions(config.tftpRoot(), PosixFilePermissions.fromString("rwxr-xr-x"));
		for (Path loader : DnsmasqConfig.loaders()) {
			Path copy = config.tftpRoot().resolve(loader.getFileName());
			Files.copy(loader, copy, StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
		}
		boolean root = "root".equals(System.getProperty("user.name"));
		for (Path written : List.of(config.leaseFile(), config.logFile())) {
			Files.createFile(written);
			if (root) {
				Files.setOwner(written, runtime.getFileSystem().getUserPrincipalLookupService()
						.lookupPrincipalByName(DnsmasqConfig.UNPRIVILEGED_USER));
			}
		}
		Path conf = runtime.resolve("dnsmasq.conf");
		Files.writeString(conf, config.render(machines, root), StandardCharsets.UTF_8);
		return conf;
	}

	/** Follows dnsmasq's log until it says it serves TFTP, or exits; then keeps following it for unknown machines. */
	private void awaitServing(Path log, BiConsumer<String, String> events) throws BootException {
		Object ready = new Object();
		boolean[] serving = new boolean[1];
		Thread reader = new Thread(() -> {
			try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
				while (!closed) {
					String line = in.readLine();
					if (line == null) {
						if (!dnsmasq.isAlive()) {
							break;
						}
						Thread.sleep(100);
						continue;
					}
					dnsmasqLog.add(line);
					if (line.contains("TFTP root is")) {
						synchronized (ready) {
							serving[0] = true;
							ready.notifyAll();
						}
					}
					Matcher m = IGNORED.matcher(line);
					if (m.find()) {
						events.accept("", "a machine not in the design asked for an address: MAC " + m.group(3)
								+ " on " + m.group(2) + "; not answered");
					}
				}
			} catch (IOException | InterruptedException e) {
				// the log is gone: the service is closing
			}
			synchronized (ready) {
				ready.notifyAll();
			}
		}, "underlay-boot-dnsmasq");
		reader.setDaemon(true);
		reader.start();
		long deadline = System.currentTimeMillis() + START_MILLIS;
		synchronized (ready) {
			while (!serving[0] && dnsmasq.isAlive() && System.currentTimeMillis() < deadline) {
				try {
					ready.wait(200);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					dnsmasq.destroyForcibly();
					throw new BootException("interrupted while dnsmasq started");
				}
			}
		}
		if (!serving[0]) {
			dnsmasq.destroyForcibly();
			try {
				dnsmasq.waitFor(2, TimeUnit.SECONDS);
				reader.join(2000);
				for (String line : Files.readAllLines(runtime.resolve("dnsmasq.out"))) {
					dnsmasqLog.add(line);
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			} catch (IOException e) {
				// nothing more to tell
			}
			List<String> said = dnsmasqLog().stream().map(l -> l.replaceFirst("^.*?dnsmasq[-a-z]*\\[\\d+\\]: ", ""))
					.filter(l -> !l.isBlank()).toList();
			throw new BootException("dnsmasq did not start: " + (said.isEmpty() ? "no reason given" : String.join("; ", said)));
		}
	}

	/** The HTTP side: base URL, reports. */
	public BootHttpServer http() {
		return http;
	}

	/** The address served on. */
	public String address() {
		return address;
	}

	/** dnsmasq's output so far. */
	public List<String> dnsmasqLog() {
		synchronized (dnsmasqLog) {
			return List.copyOf(dnsmasqLog);
		}
	}

	public boolean isServing() {
		return dnsmasq.isAlive();
	}

	@Override
	public void close() {
		closed = true;
		dnsmasq.destroy();
		try {
			if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) {
				dnsmasq.destroyForcibly();
			}
		} catch (InterruptedException e) {
			dnsmasq.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		http.close();
		FileTrees.deleteWhatCan(runtime);
		closeQuietly(lock);
	}
}
