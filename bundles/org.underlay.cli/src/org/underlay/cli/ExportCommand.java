package org.underlay.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.cli.interchange.AnsibleExport;
import org.underlay.cli.interchange.DesignJson;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.elevation.ElevationLayout.ColourBy;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.export.CsvExport;
import org.underlay.drawings.export.DotExport;
import org.underlay.drawings.export.PngExport;
import org.underlay.drawings.export.SvgExport;
import org.underlay.drawings.export.WorkPackage;
import org.underlay.drawings.topology.Topology;
import org.underlay.drawings.topology.TopologyLayout;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Site;

import com.google.gson.GsonBuilder;

/**
 * {@code underlay export <what> <design folder> [--site S] [--room R] [--out FILE] [--colour-by kind|role]}: the
 * drawings and sheets of the workbench, headless. Text formats go to standard output unless {@code --out} is given;
 * PNG needs {@code --out}. A design with errors is exported as far as it can be drawn, its problems marked on the
 * devices, with a warning on standard error.
 */
final class ExportCommand {

	static final List<String> WHAT = List.of("elevation.svg", "elevation.png", "graph.svg", "graph.png", "graph.dot",
			"ip-plan.csv", "cables.csv", "work-package.html", "ansible-inventory.yml", "ansible-playbook.yml",
			"design.json");

	static final String USAGE = "usage: underlay export <" + String.join("|", WHAT)
			+ "> <design folder> [--site NAME] [--room NAME] [--out FILE] [--colour-by kind|role]"
			+ " [--environment NAME]\n"
			+ "Drawings (svg, png), Graphviz (dot), sheets (csv), the printable work package (html) of one site;\n"
			+ "ansible-inventory.yml: hosts grouped by site, rack, role and workflow with their effective params as\n"
			+ "  host vars, connection vars from the bindings of --environment (credential names only);\n"
			+ "ansible-playbook.yml: one play per workflow, SSH steps as tasks;\n"
			+ "design.json: the design model as JSON (the whole design, or with --site the files the site needs).\n"
			+ "Text goes to standard output unless --out is given. Exit codes: 0 written, 2 bad usage or input.";

	private final java.io.PrintStream out;
	private final java.io.PrintStream err;

	ExportCommand(java.io.PrintStream out, java.io.PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(String[] args) {
		if (UnderlayCli.wantsHelp(args)) {
			out.println(USAGE);
			return UnderlayCli.OK;
		}
		if (args.length < 2) {
			err.println(USAGE);
			return UnderlayCli.USAGE;
		}
		String what = args[0];
		if (!WHAT.contains(what)) {
			err.println("underlay export: unknown export '" + what + "'; one of: " + String.join(", ", WHAT));
			return UnderlayCli.USAGE;
		}
		Path folder = Path.of(args[1]);
		Map<String, String> options = new HashMap<>();
		for (int i = 2; i < args.length; i++) {
			String option = args[i];
			if (!Set.of("--site", "--room", "--out", "--colour-by", "--environment").contains(option)
					|| i + 1 >= args.length) {
				err.println("underlay export: unexpected argument '" + option + "'");
				err.println(USAGE);
				return UnderlayCli.USAGE;
			}
			options.put(option, args[++i]);
		}
		ColourBy colourBy;
		try {
			colourBy = ColourBy.valueOf(options.getOrDefault("--colour-by", "role").toUpperCase(java.util.Locale.ROOT));
		} catch (IllegalArgumentException e) {
			err.println("underlay export: --colour-by is 'kind' or 'role'");
			return UnderlayCli.USAGE;
		}
		if (what.endsWith(".png") && !options.containsKey("--out")) {
			err.println("underlay export: a PNG needs --out FILE");
			return UnderlayCli.USAGE;
		}
		if (!Files.isDirectory(folder)) {
			err.println("underlay export: not a design folder: " + folder);
			return UnderlayCli.USAGE;
		}
		List<Path> files;
		try {
			files = DesignFiles.find(folder);
		} catch (IOException e) {
			err.println("underlay export: cannot read folder " + folder + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		if (files.isEmpty()) {
			err.println("underlay export: no ." + DesignFiles.EXTENSION + " files in " + folder);
			return UnderlayCli.USAGE;
		}
		XtextResourceSet set = UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class);
		Map<URI, Exception> unreadable = DesignLoader.loadAll(set,
				() -> UnderlayStandaloneSetup.injector().getInstance(XtextResourceSet.class),
				files.stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		if (!unreadable.isEmpty()) {
			err.println("underlay export: cannot read " + unreadable.keySet().iterator().next().toFileString());
			return UnderlayCli.USAGE;
		}
		EcoreUtil.resolveAll(set);
		List<Site> sites = sites(set);
		if (what.equals("design.json")) {
			return designJson(set, folder, sites, options);
		}
		if (options.containsKey("--environment") && !what.startsWith("ansible-")) {
			err.println("underlay export: --environment is for ansible-inventory.yml");
			return UnderlayCli.USAGE;
		}
		Site site = pick(sites, options.get("--site"));
		if (site == null) {
			return UnderlayCli.USAGE;
		}
		String room = options.get("--room");
		if (room != null && site.getRooms().stream().noneMatch(r -> room.equals(r.getName()))) {
			err.println("underlay export: site " + site.getName() + " has no room '" + room + "'");
			return UnderlayCli.USAGE;
		}
		Environment environment = null;
		if (options.containsKey("--environment")) {
			environment = environment(set, site, options.get("--environment"));
			if (environment == null) {
				return UnderlayCli.USAGE;
			}
		}
		Map<Device, Elevation.Problem> problems = problems(set);
		if (!problems.isEmpty()) {
			long errors = problems.values().stream().filter(Elevation.Problem::error).count();
			err.println("underlay export: warning: the design has problems on " + problems.size() + " devices ("
					+ errors + " with errors); they are marked in the drawings. Run 'underlay validate' for details.");
		}
		Elevation.Problems marks = Elevation.problems(problems);
		try {
			switch (what) {
			case "elevation.svg" -> text(options, SvgExport.toSvg(elevation(site, room, marks, colourBy),
					"Rack elevations, site " + site.getName()));
			case "elevation.png" -> png(options, elevation(site, room, marks, colourBy));
			case "graph.svg" -> text(options,
					SvgExport.toSvg(TopologyLayout.draw(Topology.of(site), Set.of()), "Cables, site " + site.getName()));
			case "graph.png" -> png(options, TopologyLayout.draw(Topology.of(site), Set.of()));
			case "graph.dot" -> text(options, DotExport.toDot(Topology.of(site)));
			case "ip-plan.csv" -> text(options, CsvExport.ipPlan(site));
			case "cables.csv" -> text(options, CsvExport.cableSheet(site));
			case "work-package.html" -> text(options, WorkPackage.toHtml(site, folder.toAbsolutePath().getFileName()
					.toString(), marks));
			case "ansible-inventory.yml" -> text(options, AnsibleExport.inventory(site, environment));
			case "ansible-playbook.yml" -> text(options, AnsibleExport.playbook(site));
			default -> throw new IllegalStateException(what);
			}
		} catch (IOException e) {
			err.println("underlay export: cannot write " + options.get("--out") + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		return UnderlayCli.OK;
	}

	/** The environment of that name bound to the site, or null after saying which ones there are. */
	private Environment environment(XtextResourceSet set, Site site, String name) {
		List<Environment> environments = new ArrayList<>();
		for (Resource resource : set.getResources()) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design) {
				design.getElements().stream().filter(Environment.class::isInstance).map(Environment.class::cast)
						.filter(e -> e.getSite() == site).forEach(environments::add);
			}
		}
		for (Environment environment : environments) {
			if (name.equals(environment.getName())) {
				return environment;
			}
		}
		err.println("underlay export: site " + site.getName() + " has no environment '" + name + "'"
				+ (environments.isEmpty() ? "" : "; it has: "
						+ String.join(", ", environments.stream().map(Environment::getName).toList())));
		return null;
	}

	/**
	 * The design as JSON: every file, or with --site the files the site needs — its own, the environments bound to
	 * it, and every file they refer into (libraries), transitively.
	 */
	private int designJson(XtextResourceSet set, Path folder, List<Site> sites, Map<String, String> options) {
		if (options.containsKey("--room") || options.containsKey("--environment") || options.containsKey("--colour-by")) {
			err.println("underlay export: design.json takes --site and --out only");
			return UnderlayCli.USAGE;
		}
		List<Resource> resources = new ArrayList<>();
		if (options.containsKey("--site")) {
			Site site = pick(sites, options.get("--site"));
			if (site == null) {
				return UnderlayCli.USAGE;
			}
			java.util.Deque<Resource> todo = new java.util.ArrayDeque<>();
			todo.add(site.eResource());
			for (Resource resource : set.getResources()) {
				if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design
						&& design.getElements().stream().anyMatch(e -> e instanceof Environment env && env.getSite() == site)) {
					todo.add(resource);
				}
			}
			java.util.Set<Resource> seen = new java.util.LinkedHashSet<>();
			while (!todo.isEmpty()) {
				Resource resource = todo.poll();
				if (!seen.add(resource)) {
					continue;
				}
				for (java.util.Iterator<EObject> it = resource.getAllContents(); it.hasNext();) {
					for (EObject target : it.next().eCrossReferences()) {
						if (target.eResource() != null && !target.eIsProxy() && !seen.contains(target.eResource())) {
							todo.add(target.eResource());
						}
					}
				}
			}
			// in the order of the design's files, not of discovery
			set.getResources().stream().filter(seen::contains).forEach(resources::add);
		} else {
			resources.addAll(set.getResources());
		}
		Path root = folder.toAbsolutePath().normalize();
		List<DesignJson.DesignFile> files = new ArrayList<>();
		for (Resource resource : resources) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design) {
				Path file = Path.of(resource.getURI().toFileString()).toAbsolutePath().normalize();
				String path = (file.startsWith(root) ? root.relativize(file) : file.getFileName()).toString()
						.replace(java.io.File.separatorChar, '/');
				files.add(new DesignJson.DesignFile(path, design));
			}
		}
		files.sort(java.util.Comparator.comparing(DesignJson.DesignFile::path));
		IQualifiedNameProvider names = UnderlayStandaloneSetup.injector().getInstance(IQualifiedNameProvider.class);
		String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
				.toJson(DesignJson.write(files, names)) + "\n";
		try {
			text(options, json);
		} catch (IOException e) {
			err.println("underlay export: cannot write " + options.get("--out") + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		return UnderlayCli.OK;
	}

	private static Drawing elevation(Site site, String room, Elevation.Problems marks, ColourBy colourBy) {
		return ElevationLayout.draw(Elevation.of(site, room, marks), colourBy);
	}

	private void text(Map<String, String> options, String content) throws IOException {
		String target = options.get("--out");
		if (target == null) {
			out.print(content);
			out.flush();
		} else {
			Files.writeString(Path.of(target), content, StandardCharsets.UTF_8);
			err.println("underlay export: wrote " + target);
		}
	}

	private void png(Map<String, String> options, Drawing drawing) throws IOException {
		Path target = Path.of(options.get("--out"));
		try (OutputStream stream = Files.newOutputStream(target)) {
			PngExport.write(drawing, 2, stream);
		}
		err.println("underlay export: wrote " + target);
	}

	private Site pick(List<Site> sites, String name) {
		if (sites.isEmpty()) {
			err.println("underlay export: the design has no site");
			return null;
		}
		if (name == null) {
			if (sites.size() == 1) {
				return sites.get(0);
			}
			err.println("underlay export: the design has several sites; choose one with --site: "
					+ String.join(", ", sites.stream().map(Site::getName).toList()));
			return null;
		}
		for (Site site : sites) {
			if (name.equals(site.getName())) {
				return site;
			}
		}
		err.println("underlay export: no site '" + name + "'; the design has: "
				+ String.join(", ", sites.stream().map(Site::getName).toList()));
		return null;
	}

	private static List<Site> sites(XtextResourceSet set) {
		List<Site> sites = new ArrayList<>();
		for (Resource resource : set.getResources()) {
			if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Design design) {
				design.getElements().stream().filter(Site.class::isInstance).map(Site.class::cast).forEach(sites::add);
			}
		}
		return sites;
	}

	/** The validator's findings, per device they are on (errors win over warnings). */
	private static Map<Device, Elevation.Problem> problems(XtextResourceSet set) {
		IResourceValidator validator = UnderlayStandaloneSetup.injector().getInstance(IResourceValidator.class);
		Map<Device, Elevation.Problem> problems = new HashMap<>();
		for (Resource resource : List.copyOf(set.getResources())) {
			for (Issue issue : validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)) {
				if (issue.getSeverity() == Severity.INFO || issue.getUriToProblem() == null) {
					continue;
				}
				EObject element = set.getEObject(issue.getUriToProblem(), false);
				Device device = element == null ? null : EcoreUtil2.getContainerOfType(element, Device.class);
				if (device != null) {
					boolean error = issue.getSeverity() == Severity.ERROR;
					Elevation.Problem known = problems.get(device);
					if (known == null || (error && !known.error())) {
						problems.put(device, new Elevation.Problem(error, issue.getMessage()));
					}
				}
			}
		}
		return problems;
	}
}
