package org.underlay.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.drawings.elevation.Elevation.Problem;
import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.topology.Topology;
import org.underlay.drawings.topology.TopologyLayout;
import org.underlay.dsl.DesignElements;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.model.Racks;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.params.ParamResolver.EffectiveParam;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.BmcInterface;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.DesiredPower;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.PowerFeed;
import org.underlay.dsl.underlay.PsuConnection;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;
import org.underlay.dsl.underlay.Workflow;
import org.underlay.operations.drift.Drift;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.drift.DriftSubject;
import org.underlay.operations.observed.ObservationStore;
import org.underlay.ui.internal.DesignSnapshot.Declaration;
import org.underlay.ui.internal.DesignSnapshot.ParamRow;
import org.underlay.ui.internal.DesignSnapshot.Property;

/** Computes a {@link DesignSnapshot} from a parsed and linked resource and a caret offset. No UI code. */
public final class SnapshotBuilder {

	private SnapshotBuilder() {
	}

	/**
	 * @param previousSite    the site shown before: kept when the caret is in a file without a site of its own
	 * @param otherFileErrors the errors of the design's other files, as {@link #errorLine} writes them
	 */
	public static DesignSnapshot build(XtextResource resource, String file, int caret, String previousSite,
			IResourceValidator validator, List<String> otherFileErrors) {
		if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Design design)) {
			return DesignSnapshot.empty("This file has no design yet: start it with 'package <name>'.");
		}
		EObject atCaret = elementAt(resource, caret);
		Site site = siteOf(design, atCaret, previousSite);
		List<Issue> issues = validator.validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
		int errors = (int) issues.stream().filter(i -> i.getSeverity() == Severity.ERROR).count();
		List<String> designErrors = new ArrayList<>();
		String name = designRelative(resource, file);
		issues.stream().filter(i -> i.getSeverity() == Severity.ERROR).forEach(i -> designErrors.add(errorLine(name,
				i.getLineNumber(), i.getColumn(), i.getMessage(), i.getCode())));
		designErrors.addAll(otherFileErrors);
		if (site == null) {
			return new DesignSnapshot(file, null,
					"No site in " + (file == null ? "this file" : file)
							+ ": open a site design to see its racks and cables.",
					List.of(), null, null, null, null, Set.of(), paramsOf(deviceOf(atCaret)), properties(atCaret),
					Map.of(), errors, null, List.of(), List.of(), List.of(), designErrors);
		}
		Map<Device, Problem> problems = problemsOf(resource, issues);
		List<Elevation.RackView> racks = Elevation.of(site, null, Elevation.problems(problems));
		Topology topology = Topology.of(site);
		Device device = deviceOf(atCaret);
		Set<Topology.Edge> trace = new HashSet<>();
		if (atCaret instanceof LinkEnd end && end.getDevice() != null && !end.getDevice().eIsProxy()) {
			topology.trace(end.getDevice(), end.getPort()).forEach(hop -> trace.add(hop.edge()));
		}
		String selected = selectedId(atCaret, device);
		Drifted drifted = drift(resource, site);
		String message = errors == 0 ? null
				: errors + (errors == 1 ? " error" : " errors") + " in this file: drawing what could be read";
		Map<String, String> driftByDevice = new TreeMap<>();
		drifted.findings().forEach(f -> driftByDevice.merge(f.device(), f.describe(), (a, b) -> a + "\n" + b));
		return new DesignSnapshot(file, site.getName(), message, racks, topology,
				TopologyLayout.draw(topology, trace, driftByDevice), selected, label(atCaret, device),
				Set.copyOf(trace), paramsOf(device), properties(atCaret), declarations(site), errors,
				drifted.environment(), drifted.findings(),
				Sites.environmentsOf(site).stream().map(Environment::getName).toList(),
				DesignElements.elementsOf(DesignElements.resourcesOf(site), Workflow.class).stream()
						.map(Workflow::getName).toList(),
				designErrors);
	}

	/**
	 * A validation error as {@code underlay validate} prints it: {@code file:line:col: error: message [code]} (no
	 * column or code when unknown, as for the builder's markers).
	 */
	public static String errorLine(String file, Integer line, Integer column, String message, String code) {
		return file + ":" + (line == null ? 1 : line) + (column == null ? "" : ":" + column) + ": error: "
				+ (message == null ? "" : message.replace('\n', ' ')) + (code == null ? "" : " [" + code + "]");
	}

	/** The file's path within its design folder ("sites/fra1.underlay"), as validate names it. */
	private static String designRelative(XtextResource resource, String file) {
		if (resource.getURI() == null || !resource.getURI().isFile()) {
			return file;
		}
		Path path = Path.of(resource.getURI().toFileString()).toAbsolutePath().normalize();
		return DesignFiles.rootOf(path).toAbsolutePath().normalize().relativize(path).toString();
	}

	private record Drifted(String environment, List<DriftFinding> findings) {
	}

	/**
	 * Drift of the site against the last observation stored in its project: of the rehearsal lab if it was
	 * observed, else of the first environment that was.
	 */
	static Drifted drift(XtextResource resource, Site site) {
		if (resource.getURI() == null || !resource.getURI().isFile()) {
			return new Drifted(null, List.of());
		}
		Path root = DesignFiles.rootOf(Path.of(resource.getURI().toFileString()));
		var store = new ObservationStore(root);
		List<Environment> environments = new ArrayList<>(
				Sites.environmentsOf(site));
		environments.sort(Comparator.comparing(e -> "lab".equals(e.getName()) ? 0 : 1));
		for (Environment environment : environments) {
			try {
				var observation = store.read(environment.getName());
				if (observation.getTakenAt() != null) {
					return new Drifted(environment.getName(),
							Drift.compute(site, environment, observation));
				}
			} catch (IOException | RuntimeException e) {
				return new Drifted(environment.getName(), List.of(new DriftFinding("(store)",
						DriftFinding.Kind.MISSING,
						new DriftSubject.Observation(null), null, e.getMessage())));
			}
		}
		return new Drifted(null, List.of());
	}

	/** The semantic element whose text holds the caret (the innermost), or null. */
	static EObject elementAt(XtextResource resource, int offset) {
		if (resource.getParseResult() == null) {
			return null;
		}
		ICompositeNode root = resource.getParseResult().getRootNode();
		ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(root, offset);
		if (leaf == null && offset > 0) {
			leaf = NodeModelUtils.findLeafNodeAtOffset(root, offset - 1);
		}
		if (leaf != null && leaf.isHidden() && offset > 0) {
			ILeafNode before = NodeModelUtils.findLeafNodeAtOffset(root, offset - 1);
			if (before != null && !before.isHidden()) {
				leaf = before; // caret right after a word: that word
			}
		}
		return leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
	}

	private static Site siteOf(Design design, EObject atCaret, String previousSite) {
		Site site = atCaret == null ? null : EcoreUtil2.getContainerOfType(atCaret, Site.class);
		if (site != null) {
			return site;
		}
		Environment environment = atCaret == null ? null : EcoreUtil2.getContainerOfType(atCaret, Environment.class);
		if (environment != null && environment.getSite() != null && !environment.getSite().eIsProxy()) {
			return environment.getSite();
		}
		List<Site> sites = new ArrayList<>();
		for (PackageElement element : design.getElements()) {
			if (element instanceof Site s) {
				sites.add(s);
			} else if (element instanceof Environment e && e.getSite() != null && !e.getSite().eIsProxy()) {
				sites.add(e.getSite());
			}
		}
		for (Site s : sites) {
			if (s.getName() != null && s.getName().equals(previousSite)) {
				return s;
			}
		}
		return sites.isEmpty() ? null : sites.get(0);
	}

	static Device deviceOf(EObject element) {
		if (element instanceof LinkEnd end) {
			return end.getDevice() == null || end.getDevice().eIsProxy() ? null : end.getDevice();
		}
		if (element instanceof PsuConnection psu) {
			return EcoreUtil2.getContainerOfType(psu, Device.class);
		}
		Binding binding = element == null ? null : EcoreUtil2.getContainerOfType(element, Binding.class);
		if (binding != null) {
			return binding.getDevice() == null || binding.getDevice().eIsProxy() ? null : binding.getDevice();
		}
		return element == null ? null : EcoreUtil2.getContainerOfType(element, Device.class);
	}

	private static String selectedId(EObject atCaret, Device device) {
		if (device != null) {
			return "device:" + device.getName();
		}
		Rack rack = atCaret == null ? null : EcoreUtil2.getContainerOfType(atCaret, Rack.class);
		return rack == null ? null : "rack:" + rack.getName();
	}

	private static String label(EObject atCaret, Device device) {
		if (atCaret instanceof LinkEnd end && device != null) {
			return device.getName() + "." + end.getPort();
		}
		return device != null ? device.getName() : null;
	}

	/** Validation findings per device (errors win over warnings). */
	private static Map<Device, Problem> problemsOf(Resource resource, List<Issue> issues) {
		Map<Device, Problem> problems = new HashMap<>();
		for (Issue issue : issues) {
			if (issue.getSeverity() == Severity.INFO || issue.getUriToProblem() == null) {
				continue;
			}
			EObject element = resource.getResourceSet() == null ? null
					: resource.getResourceSet().getEObject(issue.getUriToProblem(), false);
			Device device = element == null ? null : EcoreUtil2.getContainerOfType(element, Device.class);
			if (device != null) {
				boolean error = issue.getSeverity() == Severity.ERROR;
				Problem known = problems.get(device);
				if (known == null || (error && !known.error())) {
					problems.put(device, new Problem(error, issue.getMessage()));
				}
			}
		}
		return problems;
	}

	static List<ParamRow> paramsOf(Device device) {
		if (device == null) {
			return List.of();
		}
		List<ParamRow> rows = new ArrayList<>();
		for (EffectiveParam param : ParamResolver.resolve(device)) {
			String chain = param.chain().stream().map(s -> s.describe() + " " + Values.format(s.value()))
					.collect(Collectors.joining("  <  "));
			rows.add(new ParamRow(param.declaration().getName(),
					param.isSet() ? Values.format(param.value()) : "(no value)",
					param.isSet() ? param.effective().describe() : "", chain, param.declaration().isRequired()));
		}
		return rows;
	}

	static List<Property> properties(EObject element) {
		List<Property> rows = new ArrayList<>();
		Device device = deviceOf(element);
		if (device != null) {
			Rack rack = (Rack) device.eContainer();
			rows.add(new Property("Device", device.getName()));
			rows.add(new Property("Kind", device.getKind().getLiteral()));
			var type = device.getType();
			if (type != null && !type.eIsProxy()) {
				rows.add(new Property("Type", type.getName() + " (" + Elevation.model(type) + ")"));
				rows.add(new Property("Height", type.getHeight() + " U" + (type.isHalfWidth() ? ", half width" : "")
						+ (type.isHalfDepth() ? ", half depth" : "")));
				if (type.getPsuCount() > 0) {
					rows.add(new Property("PSUs", type.getPsuCount() + " x " + type.getPsuWatts() + " W"));
				}
			}
			rows.add(new Property("Rack", rack.getName() + " in room " + ((EObject) rack
					.eContainer() instanceof Room room ? room.getName() : "?")));
			Integer height = Racks.heightOf(device);
			rows.add(new Property("Position", height != null && height == 0 ? "zero-U"
					: Racks.isPlaced(device) ? Racks.units(device.getPosition(), height == null ? 1 : height)
							+ (NodeModelUtils.findNodesForFeature(device, Literals.DEVICE__FACE).isEmpty() ? ""
									: ", " + device.getFace().getLiteral())
							: "not placed"));
			for (DeviceMember member : device.getMembers()) {
				if (member instanceof Interface nic) {
					rows.add(new Property("nic " + nic.getName(), join(nic.getMac(), nic.getAddress(),
							network(nic.getNetwork()))));
				} else if (member instanceof BmcInterface bmc) {
					rows.add(new Property("bmc", join(bmc.getMac(), bmc.getAddress(), network(bmc.getNetwork()))));
				} else if (member instanceof PsuConnection psu) {
					rows.add(new Property("psu " + psu.getPsu(), (psu.getPdu() == null || psu.getPdu().eIsProxy() ? "?"
							: psu.getPdu().getName()) + " outlet " + psu.getOutlet()));
				} else if (member instanceof DesiredPower power) {
					rows.add(new Property("Desired power", power.getState().getLiteral()));
				}
			}
			List<String> profiles = ParamResolver.profilesOf(device).stream().map(p -> p.getName()).toList();
			if (!profiles.isEmpty()) {
				rows.add(new Property("Profiles", String.join(", ", profiles)));
			}
			return rows;
		}
		Link link = element == null ? null : EcoreUtil2.getContainerOfType(element, Link.class);
		if (link != null) {
			rows.add(new Property("Cable", end(link.getA()) + "  to  " + end(link.getB())));
			rows.add(new Property("Type", NodeModelUtils.findNodesForFeature(link, Literals.LINK__CABLE).isEmpty() ? ""
					: link.getCable().getLiteral()));
			rows.add(new Property("Length", link.getLength() > 0 ? link.getLength() + " m" : ""));
			return rows;
		}
		Rack rack = element == null ? null : EcoreUtil2.getContainerOfType(element, Rack.class);
		if (rack != null) {
			rows.add(new Property("Rack", rack.getName()));
			rows.add(new Property("Height", rack.getHeight() + " U, numbered " + rack.getNumbering().getLiteral()));
			rows.add(new Property("Feeds", rack.getFeeds().stream().map(f -> f.eIsProxy() ? "?" : f.getName())
					.collect(Collectors.joining(", "))));
			rows.add(new Property("Devices", Integer.toString(rack.getDevices().size())));
			return rows;
		}
		Network network = element == null ? null : EcoreUtil2.getContainerOfType(element, Network.class);
		if (network != null) {
			rows.add(new Property("Network", network.getName()));
			rows.add(new Property("VLAN", network.getVlan() > 0 ? Integer.toString(network.getVlan()) : ""));
			rows.add(new Property("Subnet", network.getSubnet()));
			rows.add(new Property("Gateway", network.getGateway() == null ? "" : network.getGateway()));
			return rows;
		}
		PowerFeed feed = element == null ? null : EcoreUtil2.getContainerOfType(element, PowerFeed.class);
		if (feed != null) {
			rows.add(new Property("Feed", feed.getName()));
			rows.add(new Property("Supply", feed.getVoltage() + " V x " + feed.getAmps() + " A"));
			return rows;
		}
		Site site = element == null ? null : EcoreUtil2.getContainerOfType(element, Site.class);
		if (site != null) {
			rows.add(new Property("Site", site.getName()));
			rows.add(new Property("Description", site.getDescription() == null ? "" : site.getDescription()));
			rows.add(new Property("Rooms", Integer.toString(site.getRooms().size())));
			rows.add(new Property("Devices", Integer.toString(Sites.devicesOf(site).size())));
			rows.add(new Property("Cables", Integer.toString(site.getLinks().size())));
		}
		return rows;
	}

	/** Where each device, rack and cabled port of the site is declared. */
	static Map<String, Declaration> declarations(Site site) {
		Map<String, Declaration> declarations = new LinkedHashMap<>();
		for (Link link : site.getLinks()) {
			for (LinkEnd end : List.of(link.getA(), link.getB())) {
				if (end != null && end.getDevice() != null && !end.getDevice().eIsProxy()) {
					declare(declarations, "port:" + end.getDevice().getName() + "." + end.getPort(), end,
							Literals.LINK_END__PORT);
				}
			}
		}
		for (Room room : site.getRooms()) {
			for (Rack rack : room.getRacks()) {
				declare(declarations, "rack:" + rack.getName(), rack, Literals.RACK__NAME);
				for (Device device : rack.getDevices()) {
					declare(declarations, "device:" + device.getName(), device, Literals.DEVICE__NAME);
				}
			}
		}
		return declarations;
	}

	private static void declare(Map<String, Declaration> declarations, String id, EObject element,
			EStructuralFeature feature) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
		Resource resource = element.eResource();
		if (nodes.isEmpty() || resource == null || !resource.getURI().isFile()) {
			return;
		}
		INode node = nodes.get(0);
		declarations.putIfAbsent(id,
				new Declaration(resource.getURI().toFileString(), node.getOffset(), node.getLength()));
	}

	private static String end(LinkEnd end) {
		return (end.getDevice() == null || end.getDevice().eIsProxy() ? "?" : end.getDevice().getName()) + "."
				+ end.getPort();
	}

	private static String network(Network network) {
		return network == null || network.eIsProxy() ? null : "on " + network.getName();
	}

	private static String join(String... parts) {
		List<String> given = new ArrayList<>();
		for (String part : parts) {
			if (part != null && !part.isEmpty()) {
				given.add(part);
			}
		}
		return String.join("  ", given);
	}
}
