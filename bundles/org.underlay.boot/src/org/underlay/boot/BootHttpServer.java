package org.underlay.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.underlay.dsl.images.ImageCatalogue;

/**
 * The boot service's HTTP side (see docs/boot.md): each machine's iPXE script, the installer, each machine's plan
 * and files, the images of the catalogue (with range requests), and the installer's reports. Only the machines of
 * one environment are known; a machine's requests carry a token made for it at start, so one machine cannot report
 * for another or read another's files.
 */
public final class BootHttpServer implements AutoCloseable {

	/** Longest report body accepted (a log, an inventory). */
	private static final int MAX_BODY = 1 << 20;

	private final BootMachines machines;
	private final ImageCatalogue catalogue;
	private final Path installer;
	private final List<String> authorizedKeys;
	private final String kernelArguments;
	private final BiConsumer<String, String> events;
	private final Map<String, MachineReport> reports = new ConcurrentHashMap<>();
	private final HttpServer server;
	private final ExecutorService executor;
	private final String base;

	/**
	 * @param machines        the environment's machines
	 * @param catalogue       the images
	 * @param installer       the folder with the installer's {@code vmlinuz} and {@code initrd.gz}
	 * @param authorizedKeys  the SSH public key lines to install (checked)
	 * @param kernelArguments more arguments for the installer's kernel (e.g. the console), checked to be plain
	 * @param address         the address to listen on (the boot interface's)
	 * @param port            the port, 0 for any free one
	 * @param events          told (machine, what happened) for each report and each request of note
	 */
	public BootHttpServer(BootMachines machines, ImageCatalogue catalogue, Path installer, List<String> authorizedKeys,
			String kernelArguments, String address, int port, BiConsumer<String, String> events) throws IOException {
		this.machines = machines;
		this.catalogue = catalogue;
		this.installer = installer;
		this.authorizedKeys = authorizedKeys.stream().map(MachineFiles::checkKey).toList();
		if (!kernelArguments.matches("[A-Za-z0-9_.,=:/ -]*")) {
			throw new IllegalArgumentException("kernel arguments with characters iPXE would read otherwise");
		}
		this.kernelArguments = kernelArguments;
		this.events = events;
		SecureRandom random = new SecureRandom();
		for (BootMachine machine : machines.machines()) {
			byte[] token = new byte[16];
			random.nextBytes(token);
			reports.put(machine.name(), new MachineReport(HexFormat.of().formatHex(token)));
		}
		server = HttpServer.create(new InetSocketAddress(address, port), 64);
		executor = Executors.newFixedThreadPool(8, r -> {
			Thread thread = new Thread(r, "underlay-boot-http");
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(executor);
		server.createContext("/", this::handle);
		server.start();
		base = "http://" + address + ":" + server.getAddress().getPort();
	}

	/** {@code http://address:port}. */
	public String base() {
		return base;
	}

	public int port() {
		return server.getAddress().getPort();
	}

	/** What the installer of {@code machine} reported so far, or null for a machine not served. */
	public MachineReport report(String machine) {
		return reports.get(machine);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			if (path.equals("/boot.ipxe")) {
				text(exchange, 200, "#!ipxe\nchain " + base + "/boot/${mac:hexhyp}.ipxe\n");
			} else if (path.startsWith("/boot/") && path.endsWith(".ipxe")) {
				machineScript(exchange, path.substring("/boot/".length(), path.length() - ".ipxe".length()));
			} else if (path.equals("/installer/vmlinuz") || path.equals("/installer/initrd.gz")) {
				FileResponses.serve(exchange, installer.resolve(path.substring("/installer/".length())));
			} else if (path.startsWith("/images/")) {
				image(exchange, path.substring("/images/".length()));
			} else if (path.startsWith("/machines/")) {
				machine(exchange, method, path.substring("/machines/".length()));
			} else {
				text(exchange, 404, "not found\n");
			}
		} catch (RuntimeException e) {
			text(exchange, 500, "internal error\n");
			events.accept("", "boot service error on " + exchange.getRequestURI().getPath() + ": " + e);
		}
	}

	private void machineScript(HttpExchange exchange, String hyphenatedMac) throws IOException {
		BootMachine machine = hyphenatedMac.matches("[0-9a-fA-F]{2}(-[0-9a-fA-F]{2}){5}")
				? machines.byMac(hyphenatedMac.replace('-', ':'))
				: null;
		if (machine == null) {
			events.accept("", "a machine not in environment " + machines.environment() + " asked for its boot script ("
					+ sanitize(hyphenatedMac) + "); not served");
			text(exchange, 404, "#!ipxe\necho This machine is not in the design; not installing.\nexit 1\n");
			return;
		}
		MachineReport report = reports.get(machine.name());
		if (report.status().equals("installed")) {
			// its firmware tries the network first: from now on the disk the installer wrote
			events.accept(machine.name(), "installed; told to boot from its disk");
			text(exchange, 200, "#!ipxe\necho Installed by Underlay; booting from the disk.\nexit\n");
			return;
		}
		report.status("booting");
		events.accept(machine.name(), "booting the installer");
		text(exchange, 200, "#!ipxe\nkernel " + base + "/installer/vmlinuz initrd=initrd.gz underlay.server=" + base
				+ " underlay.machine=" + machine.name() + " underlay.token=" + report.token
				+ (kernelArguments.isBlank() ? "" : " " + kernelArguments.strip()) + "\ninitrd " + base
				+ "/installer/initrd.gz\nboot\n");
	}

	private void image(HttpExchange exchange, String file) throws IOException {
		boolean checksum = file.endsWith(".sha256");
		String name = checksum ? file.substring(0, file.length() - ".sha256".length()) : file;
		ImageCatalogue.Image image = catalogue.images().stream().filter(i -> i.file().equals(name)).findFirst()
				.orElse(null);
		if (image == null) {
			text(exchange, 404, "no such image\n");
		} else if (checksum) {
			text(exchange, 200, image.sha256() + "  " + image.file() + "\n");
		} else {
			FileResponses.serve(exchange, catalogue.folder().resolve(image.file()));
		}
	}

	private void machine(HttpExchange exchange, String method, String rest) throws IOException {
		int slash = rest.indexOf('/');
		String name = slash < 0 ? rest : rest.substring(0, slash);
		String action = slash < 0 ? "" : rest.substring(slash + 1);
		BootMachine machine = machines.machine(name);
		MachineReport report = machine == null ? null : reports.get(name);
		if (report == null || !report.token.equals(query(exchange.getRequestURI()).get("token"))) {
			text(exchange, 403, "unknown machine or wrong token\n");
			return;
		}
		switch (method + " " + action) {
			case "GET plan" -> plan(exchange, machine);
			case "GET files.tar" -> {
				byte[] tar = MachineFiles.tar(MachineFiles.of(machine, authorizedKeys));
				exchange.getResponseHeaders().set("Content-Type", "application/x-tar");
				exchange.sendResponseHeaders(200, tar.length);
				exchange.getResponseBody().write(tar);
			}
			case "POST inventory" -> {
				Map<String, String> inventory = new LinkedHashMap<>();
				for (String line : body(exchange).split("\n")) {
					int eq = line.indexOf('=');
					if (eq > 0 && line.substring(0, eq).matches("[A-Za-z0-9_.-]{1,80}")) {
						inventory.put(line.substring(0, eq), sanitize(line.substring(eq + 1)));
					}
				}
				report.inventory(inventory);
				events.accept(name, "inventory: " + inventory.size() + " facts");
				exchange.sendResponseHeaders(204, -1);
			}
			case "POST status" -> {
				String status = sanitize(body(exchange).strip());
				report.status(status);
				events.accept(name, status);
				exchange.sendResponseHeaders(204, -1);
			}
			case "POST log" -> {
				report.appendLog(body(exchange));
				exchange.sendResponseHeaders(204, -1);
			}
			default -> text(exchange, 404, "not found\n");
		}
	}

	private void plan(HttpExchange exchange, BootMachine machine) throws IOException {
		ImageCatalogue.Image image = catalogue.find(machine.image());
		if (image == null) {
			text(exchange, 409, "image '" + machine.image() + "' is not in the catalogue\n");
			return;
		}
		StringBuilder plan = new StringBuilder();
		plan.append("image.url=").append(base).append("/images/").append(image.file()).append('\n');
		plan.append("image.sha256=").append(image.sha256()).append('\n');
		plan.append("image.size=").append(image.size()).append('\n');
		plan.append("image.format=").append(image.format()).append('\n');
		plan.append("image.disk-bytes=").append(image.diskBytes()).append('\n');
		if (machine.sshUser() != null && !machine.sshUser().equals("root")) {
			plan.append("user.name=").append(machine.sshUser()).append('\n');
		}
		text(exchange, 200, plan.toString());
	}

	private static String body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] bytes = in.readNBytes(MAX_BODY);
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/** Printable ASCII only, at most 400 characters: a report is shown to the operator and journaled. */
	static String sanitize(String text) {
		String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
		return clean.length() > 400 ? clean.substring(0, 400) + "..." : clean;
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		String raw = uri.getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					query.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
		}
		return query;
	}

	static void text(HttpExchange exchange, int code, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
		exchange.sendResponseHeaders(code, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}
}
