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
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.core.drawing.Drawing;
import org.underlay.core.elevation.Elevation;
import org.underlay.core.elevation.ElevationLayout;
import org.underlay.core.elevation.ElevationLayout.ColourBy;
import org.underlay.core.export.CsvExport;
import org.underlay.core.export.DotExport;
import org.underlay.core.export.PngExport;
import org.underlay.core.export.SvgExport;
import org.underlay.core.export.WorkPackage;
import org.underlay.core.topology.Topology;
import org.underlay.core.topology.TopologyLayout;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Site;

/**
 * {@code underlay export <what> <design folder> [--site S] [--room R] [--out FILE] [--colour-by kind|role]}: the
 * drawings and sheets of the workbench, headless. Text formats go to standard output unless {@code --out} is given;
 * PNG needs {@code --out}. A design with errors is exported as far as it can be drawn, its problems marked on the
 * devices, with a warning on standard error.
 */
final class ExportCommand {

	static final List<String> WHAT = List.of("elevation.svg", "elevation.png", "graph.svg", "graph.png", "graph.dot",
			"ip-plan.csv", "cables.csv", "work-package.html");

	static final String USAGE = "usage: underlay export <" + String.join("|", WHAT)
			+ "> <design folder> [--site NAME] [--room NAME] [--out FILE] [--colour-by kind|role]";

	private final java.io.PrintStream out;
	private final java.io.PrintStream err;

	ExportCommand(java.io.PrintStream out, java.io.PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(String[] args) {
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
			if (!Set.of("--site", "--room", "--out", "--colour-by").contains(option) || i + 1 >= args.length) {
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
		XtextResourceSet set = ValidateCommand.injector().getInstance(XtextResourceSet.class);
		Map<URI, Exception> unreadable = DesignLoader.loadAll(set,
				() -> ValidateCommand.injector().getInstance(XtextResourceSet.class),
				files.stream().map(f -> URI.createFileURI(f.toAbsolutePath().toString())).toList());
		if (!unreadable.isEmpty()) {
			err.println("underlay export: cannot read " + unreadable.keySet().iterator().next().toFileString());
			return UnderlayCli.USAGE;
		}
		EcoreUtil.resolveAll(set);
		List<Site> sites = sites(set);
		Site site = pick(sites, options.get("--site"));
		if (site == null) {
			return UnderlayCli.USAGE;
		}
		String room = options.get("--room");
		if (room != null && site.getRooms().stream().noneMatch(r -> room.equals(r.getName()))) {
			err.println("underlay export: site " + site.getName() + " has no room '" + room + "'");
			return UnderlayCli.USAGE;
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
			default -> throw new IllegalStateException(what);
			}
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
		IResourceValidator validator = ValidateCommand.injector().getInstance(IResourceValidator.class);
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
