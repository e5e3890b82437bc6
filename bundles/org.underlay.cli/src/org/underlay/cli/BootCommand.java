package org.underlay.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.xtext.resource.XtextResourceSet;
import org.underlay.boot.BootException;
import org.underlay.boot.BootMachine;
import org.underlay.boot.BootMachines;
import org.underlay.boot.BootService;
import org.underlay.boot.ImageBuilder;
import org.underlay.credentials.CredentialsChain;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.EnvironmentCredentials;
import org.underlay.credentials.FileCredentials;
import org.underlay.credentials.Secret;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.images.ImageCatalogue;

/**
 * {@code underlay boot serve} (the boot service of one environment, until Ctrl-C) and {@code underlay images}
 * (build the installer and images, list the catalogue). See docs/boot.md.
 */
final class BootCommand {

	static final String BOOT_USAGE = """
			usage: underlay boot serve <design folder> --site S --environment E --interface IF [--proxy]
			                           [--images DIR] [--installer DIR] [--port N] [--authorized-key FILE]
			                           [--credentials FILE]
			Serves DHCP/TFTP (dnsmasq), iPXE scripts, the installer and the images to the machines of environment E
			only, on interface IF only, until Ctrl-C. --proxy: another DHCP server gives the addresses. The images
			default to <design folder>/images, the installer to <images>/installer. The SSH key installed is
			--authorized-key FILE, else the public key (KEYFILE.pub) of the environment's SSH credentials.""";

	static final String IMAGES_USAGE = """
			usage: underlay images build installer --out DIR
			       underlay images build <image> --catalogue DIR      (images: debian-12)
			       underlay images list --catalogue DIR
			Builds the installer environment or an image from this machine's Debian packages (run as root), or lists
			a catalogue.""";

	private static final Set<String> VALUED = Set.of("--site", "--environment", "--interface", "--images",
			"--installer", "--port", "--authorized-key", "--credentials", "--out", "--catalogue");

	private final PrintStream out;
	private final PrintStream err;

	BootCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int boot(String[] args) {
		if (UnderlayCli.wantsHelp(args)) {
			out.println(BOOT_USAGE);
			return UnderlayCli.OK;
		}
		Map<String, String> options = new HashMap<>();
		List<String> positional = new ArrayList<>();
		if (!parse(args, options, positional, "boot") || positional.size() != 2 || !positional.get(0).equals("serve")) {
			err.println(BOOT_USAGE);
			return UnderlayCli.USAGE;
		}
		for (String required : List.of("--site", "--environment", "--interface")) {
			if (!options.containsKey(required)) {
				err.println("underlay boot: " + required + " is required"
						+ (required.equals("--interface") ? " (the boot service never answers on every interface)" : ""));
				return UnderlayCli.USAGE;
			}
		}
		Path folder = Path.of(positional.get(1));
		if (!Files.isDirectory(folder)) {
			err.println("underlay boot: not a design folder: " + folder);
			return UnderlayCli.USAGE;
		}
		XtextResourceSet set;
		try {
			set = DeployCommand.load(folder);
		} catch (IOException e) {
			err.println("underlay boot: " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		Site site = DeployCommand.site(set, options.get("--site"));
		if (site == null) {
			err.println("underlay boot: no site '" + options.get("--site") + "' in " + folder);
			return UnderlayCli.USAGE;
		}
		Environment environment = Sites.environmentsOf(site).stream()
				.filter(e -> e.getName().equals(options.get("--environment"))).findFirst().orElse(null);
		if (environment == null) {
			err.println("underlay boot: site " + site.getName() + " has no environment '" + options.get("--environment")
					+ "'");
			return UnderlayCli.USAGE;
		}
		int port;
		try {
			port = Integer.parseInt(options.getOrDefault("--port", "8069"));
		} catch (NumberFormatException e) {
			err.println("underlay boot: --port takes a number");
			return UnderlayCli.USAGE;
		}
		Path images = Path.of(options.getOrDefault("--images", folder.resolve("images").toString()));
		Path installer = Path.of(options.getOrDefault("--installer", images.resolve("installer").toString()));
		try {
			BootMachines machines = BootMachines.of(environment);
			ImageCatalogue catalogue = Files.exists(images.resolve(ImageCatalogue.MANIFEST))
					? ImageCatalogue.load(images)
					: ImageCatalogue.empty(images);
			List<String> keys = authorizedKeys(environment, options);
			machines.notes().forEach(n -> err.println("underlay boot: " + n));
			CountDownLatch stop = new CountDownLatch(1);
			try (BootService service = BootService.start(new BootService.Options(machines, catalogue, installer,
					options.get("--interface"), port, options.containsKey("--proxy"), keys, "console=ttyS0,115200"),
					(machine, what) -> out.println((machine.isEmpty() ? "" : machine + ": ") + what))) {
				out.println("serving " + machines.machines().size() + " machine" + (machines.machines().size() == 1 ? ""
						: "s") + " of environment " + environment.getName() + " on " + options.get("--interface") + " ("
						+ service.http().base() + "); Ctrl-C stops");
				for (BootMachine m : machines.machines()) {
					out.println("  " + m.name() + "  " + m.bootNic().mac() + "  " + m.bootNic().address() + "  "
							+ m.image());
				}
				Interrupts.onCtrlC(stop::countDown, stop::countDown);
				try {
					while (!stop.await(1, TimeUnit.SECONDS)) {
						if (!service.isServing()) {
							List<String> log = service.dnsmasqLog();
							err.println("underlay boot: dnsmasq ended: "
									+ String.join("; ", log.subList(Math.max(0, log.size() - 3), log.size())));
							return UnderlayCli.FINDINGS;
						}
					}
				} finally {
					Interrupts.restore();
				}
				out.println("stopped");
				return UnderlayCli.OK;
			}
		} catch (BootException | ImageCatalogue.CatalogueException e) {
			err.println("underlay boot: " + e.getMessage());
			return UnderlayCli.FINDINGS;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return UnderlayCli.OK;
		}
	}

	/** The SSH key lines to install: --authorized-key FILE, else the .pub beside each credential's key file. */
	private List<String> authorizedKeys(Environment environment, Map<String, String> options) throws BootException {
		Set<String> keys = new LinkedHashSet<>();
		if (options.containsKey("--authorized-key")) {
			keys.addAll(publicKeyLines(Path.of(options.get("--authorized-key"))));
			return List.copyOf(keys);
		}
		List<CredentialsProvider> providers = new ArrayList<>(List.of(new EnvironmentCredentials()));
		if (options.containsKey("--credentials")) {
			providers.add(new FileCredentials(Path.of(options.get("--credentials"))));
		}
		CredentialsChain credentials = CredentialsChain.of(providers.toArray(CredentialsProvider[]::new));
		Set<String> names = new LinkedHashSet<>();
		for (Binding binding : environment.getBindings()) {
			if (binding.getSsh() != null && binding.getSsh().getCredential() != null) {
				names.add(binding.getSsh().getCredential());
			}
		}
		for (String name : names) {
			try {
				Optional<Path> keyFile = credentials.find(name).flatMap(Secret::keyFile);
				if (keyFile.isPresent()) {
					keys.addAll(publicKeyLines(Path.of(keyFile.get() + ".pub")));
				}
			} catch (CredentialsException e) {
				throw new BootException("credential " + name + ": " + e.getMessage(), e);
			}
		}
		if (keys.isEmpty()) {
			throw new BootException("no SSH key to install, so the installed machines would refuse the workflow's "
					+ "login: give --authorized-key FILE, or SSH credentials (" + String.join(", ", names)
					+ ") with a key file whose public key sits beside it (KEYFILE.pub)");
		}
		return List.copyOf(keys);
	}

	private static List<String> publicKeyLines(Path file) throws BootException {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
		} catch (IOException e) {
			throw new BootException("cannot read the public key " + file + ": " + e.getMessage(), e);
		}
	}

	int images(String[] args) {
		if (UnderlayCli.wantsHelp(args)) {
			out.println(IMAGES_USAGE);
			return UnderlayCli.OK;
		}
		Map<String, String> options = new HashMap<>();
		List<String> positional = new ArrayList<>();
		if (!parse(args, options, positional, "images") || positional.isEmpty()) {
			err.println(IMAGES_USAGE);
			return UnderlayCli.USAGE;
		}
		try {
			if (positional.equals(List.of("list")) && options.containsKey("--catalogue")) {
				ImageCatalogue catalogue = ImageCatalogue.load(Path.of(options.get("--catalogue")));
				for (ImageCatalogue.Image image : catalogue.images()) {
					out.printf("%-20s %-12s %-28s %,15d bytes  sha256 %s%n", image.name(), image.version(),
							image.file(), image.size(), image.sha256());
				}
				return UnderlayCli.OK;
			}
			if (positional.size() == 2 && positional.get(0).equals("build")) {
				String what = positional.get(1);
				if (what.equals(ImageBuilder.INSTALLER) && options.containsKey("--out")) {
					ImageBuilder.installer(Path.of(options.get("--out")), Duration.ofMinutes(10), err::println);
					out.println("built the installer into " + options.get("--out"));
					return UnderlayCli.OK;
				}
				if (!what.equals(ImageBuilder.INSTALLER) && options.containsKey("--catalogue")) {
					ImageCatalogue.Image image = ImageBuilder.image(what, Path.of(options.get("--catalogue")),
							Duration.ofMinutes(40), err::println);
					out.println("built " + image.name() + " " + image.version() + ": " + image.file() + ", "
							+ image.size() + " bytes, sha256 " + image.sha256());
					return UnderlayCli.OK;
				}
			}
			err.println(IMAGES_USAGE);
			return UnderlayCli.USAGE;
		} catch (BootException | ImageCatalogue.CatalogueException e) {
			err.println("underlay images: " + e.getMessage());
			return UnderlayCli.FINDINGS;
		}
	}

	private boolean parse(String[] args, Map<String, String> options, List<String> positional, String command) {
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--proxy")) {
				options.put(args[i], "true");
			} else if (VALUED.contains(args[i]) && i + 1 < args.length) {
				options.put(args[i], args[++i]);
			} else if (args[i].startsWith("--")) {
				err.println("underlay " + command + ": unexpected argument '" + args[i] + "'");
				return false;
			} else {
				positional.add(args[i]);
			}
		}
		return true;
	}
}
