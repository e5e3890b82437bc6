package org.underlay.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.elevation.ElevationLayout.ColourBy;
import org.underlay.drawings.export.CsvExport;
import org.underlay.drawings.export.DotExport;
import org.underlay.drawings.export.PngExport;
import org.underlay.drawings.export.SvgExport;
import org.underlay.drawings.export.WorkPackage;
import org.underlay.drawings.topology.Topology;
import org.underlay.drawings.topology.TopologyLayout;
import org.underlay.dsl.DesignElements;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.UnderlayStandaloneSetup;
import org.underlay.dsl.model.Sites;
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
final class ExportCommand extends Subcommand {

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

	ExportCommand(PrintStream out, PrintStream err) {
		super(out, err, USAGE, 2);
	}

	@Override
	int execute(String[] args) {
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
			colourBy = ColourBy.valueOf(options.getOrDefault("--colour-by", "role").toUpperCase(Locale.ROOT));
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
		List<Site> sites = DesignElements.elementsOf(set.getResources(), Site.class);
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
			environment = environment(site, options.get("--environment"));
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
		if (what.endsWith(".png")) {
			return png(options.get("--out"), what.equals("elevation.png") ? elevation(site, room, marks, colourBy)
					: TopologyLayout.draw(Topology.of(site), Set.of()));
		}
		String text = switch (what) {
		case "elevation.svg" -> SvgExport.toSvg(elevation(site, room, marks, colourBy),
				"Rack elevations, site " + site.getName());
		case "graph.svg" -> SvgExport.toSvg(TopologyLayout.draw(Topology.of(site), Set.of()),
				"Cables, site " + site.getName());
		case "graph.dot" -> DotExport.toDot(Topology.of(site));
		case "ip-plan.csv" -> CsvExport.ipPlan(site);
		case "cables.csv" -> CsvExport.cableSheet(site);
		case "work-package.html" -> WorkPackage.toHtml(site, folder.toAbsolutePath().getFileName().toString(), marks);
		case "ansible-inventory.yml" -> AnsibleExport.inventory(site, environment);
		case "ansible-playbook.yml" -> AnsibleExport.playbook(site);
		default -> throw new IllegalStateException(what);
		};
		return export(options.get("--out"), text);
	}

	/** The environment of that name bound to the site, or null after saying which ones there are. */
	private Environment environment(Site site, String name) {
		List<Environment> environments = Sites.environmentsOf(site);
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
			Deque<Resource> todo = new ArrayDeque<>();
			todo.add(site.eResource());
			Sites.environmentsOf(site).stream().map(Environment::eResource).distinct().forEach(todo::add);
			Set<Resource> seen = new LinkedHashSet<>();
			while (!todo.isEmpty()) {
				Resource resource = todo.poll();
				if (!seen.add(resource)) {
					continue;
				}
				for (Iterator<EObject> it = resource.getAllContents(); it.hasNext();) {
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
						.replace(File.separatorChar, '/');
				files.add(new DesignJson.DesignFile(path, design));
			}
		}
		files.sort(Comparator.comparing(DesignJson.DesignFile::path));
		IQualifiedNameProvider names = UnderlayStandaloneSetup.injector().getInstance(IQualifiedNameProvider.class);
		String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
				.toJson(DesignJson.write(files, names)) + "\n";
		return export(options.get("--out"), json);
	}

	private static Drawing elevation(Site site, String room, Elevation.Problems marks, ColourBy colourBy) {
		return ElevationLayout.draw(Elevation.of(site, room, marks), colourBy);
	}

	/** Text to --out or standard output; the exit code. */
	private int export(String target, String text) {
		return write(target, text, "underlay export") ? UnderlayCli.OK : UnderlayCli.USAGE;
	}

	private int png(String target, Drawing drawing) {
		Path file = Path.of(target);
		try (OutputStream stream = Files.newOutputStream(file)) {
			PngExport.write(drawing, 2, stream);
		} catch (IOException e) {
			err.println("underlay export: cannot write " + target + ": " + e.getMessage());
			return UnderlayCli.USAGE;
		}
		err.println("underlay export: wrote " + file);
		return UnderlayCli.OK;
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
