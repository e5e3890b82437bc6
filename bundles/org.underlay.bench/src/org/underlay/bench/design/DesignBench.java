package org.underlay.bench.design;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.topology.Topology;
import org.underlay.drawings.topology.TopologyLayout;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.observed.LldpNeighbour;
import org.underlay.operations.observed.Observations;
import org.underlay.operations.observed.ObservedInterface;
import org.underlay.operations.observed.ObservedMachine;
import org.underlay.peers.FileTrees;

import com.google.inject.Injector;

/**
 * {@code underlay bench}: parse + link + validate time and peak heap for synthetic designs of 1,000 and 10,000
 * devices, the same for one site of 100,000 networks and 100,000 addresses (the whole-site rules at their largest),
 * the time to revalidate a 5,000-line file after a one-line edit, the time to draw a room's rack
 * elevations and to lay out a 500-device cable graph, and the time to compute the drift of 1,000 machines. Prints
 * figures; asserts nothing.
 */
public final class DesignBench {

	/** The network row's size when no device counts are named: 100,000 networks and 100,000 addresses. */
	static final int DEFAULT_NETWORKS = 100_000;

	private final PrintStream out;
	private final PrintStream err;

	public DesignBench(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public int run(String[] args) {
		List<Integer> sizes = new ArrayList<>(List.of(1_000, 10_000));
		int perFile = 1_000;
		Integer networks = null;
		while (args.length > 1 && (args[0].equals("--per-file") || args[0].equals("--networks"))) {
			int value;
			try {
				value = Integer.parseInt(args[1]);
			} catch (NumberFormatException e) {
				err.println("underlay bench: not a " + (args[0].equals("--networks") ? "network" : "device")
						+ " count: " + args[1]);
				return 2;
			}
			if (args[0].equals("--networks")) {
				networks = value;
			} else {
				perFile = value;
			}
			args = Arrays.copyOfRange(args, 2, args.length);
		}
		if (networks == null) {
			networks = args.length > 0 ? 0 : DEFAULT_NETWORKS;
		} else if (networks > SyntheticDesign.MAX_NETWORKS) {
			err.println("underlay bench: at most " + SyntheticDesign.MAX_NETWORKS + " networks (/28s of 10.0.0.0/8)");
			return 2;
		}
		if (args.length > 0) {
			sizes.clear();
			for (String arg : args) {
				try {
					sizes.add(Integer.parseInt(arg));
				} catch (NumberFormatException e) {
					err.println("underlay bench: not a device count: " + arg);
					return 2;
				}
			}
		}
		Injector injector = UnderlayStandaloneSetup.injector();
		Path folder;
		try {
			folder = Files.createTempDirectory("underlay-bench");
		} catch (IOException e) {
			err.println("underlay bench: cannot create a scratch folder: " + e.getMessage());
			return 2;
		}
		try {
			out.printf("%-34s %10s %10s %12s   %s%n", "design", "lines", "time ms", "peak heap MB",
					"(parse / link / validate ms)");
			warmUp(injector, folder.resolve("warmup"));
			for (int devices : sizes) {
				List<Path> files = SyntheticDesign.write(folder.resolve("d" + devices), devices, perFile);
				long lines = 0;
				for (Path file : files) {
					try (Stream<String> l = Files.lines(file)) {
						lines += l.count();
					}
				}
				Measurement m = measure(injector, files);
				out.printf("%-34s %10d %10d %12d   (%d / %d / %d)%n",
						devices + " devices, " + (files.size() - 1) + " site files", lines, m.millis, m.peakHeapMb,
						m.parseMillis, m.linkMillis, m.validateMillis);
				if (m.issues > 0) {
					err.println("underlay bench: the synthetic design has " + m.issues + " issues (a generator bug)");
				}
			}
			if (networks > 0) {
				networks(folder.resolve("networks"), networks);
			}
			incremental(injector, folder.resolve("incremental"));
			views(injector, folder.resolve("views"));
			return 0;
		} catch (IOException e) {
			err.println("underlay bench: " + e.getMessage());
			return 2;
		} finally {
			FileTrees.deleteWhatCan(folder); // scratch space in the temp folder: the OS cleans up the rest
		}
	}

	/**
	 * One site of {@code networks} networks and as many servers with an address each, one file: parse, link and
	 * validate as for the device rows.
	 */
	public void networks(Path folder, int networks) throws IOException {
		List<Path> files = SyntheticDesign.writeNetworkSite(folder, networks, networks);
		long lines = 0;
		for (Path file : files) {
			try (Stream<String> l = Files.lines(file)) {
				lines += l.count();
			}
		}
		Measurement m = measure(UnderlayStandaloneSetup.injector(), files);
		out.printf("%-34s %10d %10d %12d   (%d / %d / %d)%n", networks + " networks, " + networks + " addresses",
				lines, m.millis, m.peakHeapMb, m.parseMillis, m.linkMillis, m.validateMillis);
		if (m.issues > 0) {
			err.println("underlay bench: the synthetic network site has " + m.issues + " issues (a generator bug)");
		}
	}

	private record Measurement(long millis, long peakHeapMb, int issues, long parseMillis, long linkMillis,
			long validateMillis) {
	}

	private void warmUp(Injector injector, Path folder) throws IOException {
		// JIT warm-up, as for any JVM measurement: the figures are for a warm workbench or language server
		for (int i = 0; i < 6; i++) {
			measure(injector, SyntheticDesign.write(folder.resolve("w" + i), 2_000, 1_000));
		}
	}

	private static Measurement measure(Injector injector, List<Path> files) {
		System.gc();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
				.filter(p -> p.getType() == MemoryType.HEAP).toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		long start = System.nanoTime();
		XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
		DesignLoader.loadAll(resourceSet, () -> injector.getInstance(XtextResourceSet.class),
				files.stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		long parsed = System.nanoTime();
		EcoreUtil.resolveAll(resourceSet);
		long linked = System.nanoTime();
		IResourceValidator validator = injector.getInstance(IResourceValidator.class);
		int issues = 0;
		for (Resource resource : List.copyOf(resourceSet.getResources())) {
			issues += validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl).size();
		}
		long end = System.nanoTime();
		long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
		return new Measurement((end - start) / 1_000_000, peak, issues, (parsed - start) / 1_000_000,
				(linked - parsed) / 1_000_000, (end - linked) / 1_000_000);
	}

	/** A 5,000-line site file: change one device's position, reparse incrementally, revalidate. */
	private void incremental(Injector injector, Path folder) throws IOException {
		Files.createDirectories(folder);
		Path library = folder.resolve("lib.underlay");
		Files.writeString(library, SyntheticDesign.LIBRARY);
		String text = SyntheticDesign.site(0, 770);
		Path site = folder.resolve("site.underlay");
		Files.writeString(site, text);
		long lines = text.lines().count();
		XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
		resourceSet.getResource(URI.createFileURI(library.toString()), true);
		XtextResource resource = (XtextResource) resourceSet.getResource(URI.createFileURI(site.toString()), true);
		IResourceValidator validator = injector.getInstance(IResourceValidator.class);
		validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
		String marker = "Server1U at 7 {";
		int offset = resource.getParseResult().getRootNode().getText().indexOf(marker) + "Server1U at ".length();
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String replacement = i % 2 == 0 ? "8" : "7";
			long start = System.nanoTime();
			resource.update(offset, 1, replacement);
			List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
			times.add((System.nanoTime() - start) / 1_000);
			if (i % 2 == 0 && issues.isEmpty()) {
				err.println("underlay bench: the edit should have caused an overlap");
			}
		}
		times.sort(Comparator.naturalOrder());
		out.printf("%-34s %10d %10.1f %12s%n", "revalidate after 1 edit (median)", lines, times.get(times.size() / 2) / 1000.0,
				"-");
	}

	/** Drawing figures: the elevation of a room of 20 racks x 42 U, the layout of a 500-device cable graph. */
	private void views(Injector injector, Path folder) throws IOException {
		Files.createDirectories(folder);
		Path library = folder.resolve("lib.underlay");
		Files.writeString(library, SyntheticDesign.LIBRARY);
		int roomDevices = 20 * (SyntheticDesign.SERVERS_PER_RACK + 2);
		Site room = site(injector, library, folder.resolve("room.underlay"), SyntheticDesign.site(0, roomDevices));
		List<Long> times = new ArrayList<>();
		int racks = 0;
		for (int i = 0; i < 30; i++) {
			long start = System.nanoTime();
			List<Elevation.RackView> views = Elevation.of(room, null, Elevation.Problems.NONE);
			ElevationLayout.draw(views, ElevationLayout.ColourBy.ROLE);
			times.add((System.nanoTime() - start) / 1_000);
			racks = views.size();
		}
		times.sort(Comparator.naturalOrder());
		out.printf("%-34s %10s %10.1f %12s%n", "elevation, room of " + racks + " racks x 42 U", roomDevices + " dev",
				times.get(times.size() / 2) / 1000.0, "-");
		Site graph = site(injector, library, folder.resolve("graph.underlay"), SyntheticDesign.site(1, 500));
		Topology topology = Topology.of(graph);
		times.clear();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			TopologyLayout.draw(topology, Set.of());
			times.add((System.nanoTime() - start) / 1_000);
		}
		times.sort(Comparator.naturalOrder());
		out.printf("%-34s %10s %10.1f %12s%n", "graph layout, " + topology.edges().size() + " cables",
				topology.nodes().size() + " dev", times.get(times.size() / 2) / 1000.0, "-");
		drift(injector, library, folder);
	}

	/** Drift of 1,000 machines: an observation as designed (MACs, addresses, LLDP on every cable) with a few changes. */
	private void drift(Injector injector, Path library, Path folder) throws IOException {
		Site site = site(injector, library, folder.resolve("drift.underlay"), SyntheticDesign.site(2, 1_000));
		Instant at = Instant.now();
		Map<String, List<LldpNeighbour>> lldp = new HashMap<>();
		for (Link link : site.getLinks()) {
			lldp.computeIfAbsent(link.getA().getDevice().getName(), k -> new ArrayList<>()).add(Observations.neighbour(
					link.getA().getPort(), link.getB().getDevice().getName(), link.getB().getPort()));
		}
		List<ObservedMachine> machines = new ArrayList<>();
		int n = 0;
		for (Device device : Sites.devicesOf(site)) {
			List<ObservedInterface> nics = new ArrayList<>();
			for (var member : device.getMembers()) {
				if (member instanceof Interface nic) {
					nics.add(Observations.nic(nic.getName(), n++ % 100 == 0 ? "02:ff:ff:ff:ff:ff" : nic.getMac(),
							nic.getAddress() == null ? List.of() : List.of(nic.getAddress() + "/16")));
				}
			}
			var machine = Observations.machine(device.getName(), at);
			machine.setPower("on");
			machine.getFacts().put("hostname", device.getName());
			Observations.interfaces(machine, nics);
			Observations.neighbours(machine, lldp.getOrDefault(device.getName(), List.of()));
			machines.add(machine);
		}
		var observation = Observations.observation("bench", at, machines);
		List<Long> times = new ArrayList<>();
		int findings = 0;
		for (int i = 0; i < 10; i++) {
			long start = System.nanoTime();
			findings = Drift.compute(site, null, observation).size();
			times.add((System.nanoTime() - start) / 1_000);
		}
		times.sort(Comparator.naturalOrder());
		out.printf("%-34s %10s %10.1f %12s%n", "drift, " + findings + " differences found",
				machines.size() + " dev", times.get(times.size() / 2) / 1000.0, "-");
	}

	private static Site site(Injector injector, Path library, Path file, String text) throws IOException {
		Files.writeString(file, text);
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		set.getResource(URI.createFileURI(library.toString()), true);
		Resource resource = set.getResource(URI.createFileURI(file.toString()), true);
		EcoreUtil.resolveAll(set);
		return (Site) ((Design) resource.getContents().get(0)).getElements().get(0);
	}

}
