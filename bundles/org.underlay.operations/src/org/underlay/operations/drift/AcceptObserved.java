package org.underlay.operations.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.underlay.BootTarget;
import org.underlay.dsl.underlay.DesiredBoot;
import org.underlay.dsl.underlay.DesiredPower;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceMember;
import org.underlay.dsl.underlay.Interface;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.LinkEnd;
import org.underlay.dsl.underlay.PowerState;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;

/**
 * Accepting what was observed into the design: the text edits that make the design say what the machine showed, at
 * the element the finding names ({@link DriftSubject#element()}). A changed MAC or address, the desired power or
 * boot device, an interface that is gone or new, a cable re-patched to another port or a new cable to a device of
 * the design. The edits are plain text changes of the design files (the workbench applies them to the editor, as
 * one undoable change, unsaved, so the operator reviews them); everything else is refused with the reason, because
 * the design does not state it in one place (facts, images, sensors, whole machines) or the observation does not
 * prove it (a cable LLDP does not see may still be there).
 */
public final class AcceptObserved {

	private static final Pattern ID = Pattern.compile("[a-zA-Z_][a-zA-Z_\\-0-9]*");
	private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private AcceptObserved() {
	}

	/** A text change: replace {@code length} characters at {@code offset} of the file at {@code path}. */
	public record TextEdit(String path, int offset, int length, String text) {
	}

	/**
	 * What accepting a finding writes: the edits and a one-line summary, or (no edits) the reason it is not
	 * accepted.
	 */
	public record Acceptance(List<TextEdit> edits, String summary, String refusal) {

		public boolean accepted() {
			return refusal == null;
		}

		static Acceptance of(String summary, TextEdit... edits) {
			return new Acceptance(List.of(edits), summary, null);
		}

		public static Acceptance refused(String why) {
			return new Acceptance(List.of(), null, why);
		}
	}

	/**
	 * The edits that accept {@code finding} into the design {@code site} belongs to (its resource set, parsed with
	 * node model).
	 */
	public static Acceptance of(Site site, DriftFinding finding) {
		DriftSubject subject = finding.subject();
		String what = subject.label() + " of " + finding.device();
		if (subject instanceof DriftSubject.Mac mac) {
			return mismatch(finding) ? mac(site, finding, mac) : notStated(what);
		} else if (subject instanceof DriftSubject.Address address) {
			return mismatch(finding) ? address(site, finding, address) : notStated(what);
		} else if (subject instanceof DriftSubject.Power power) {
			return mismatch(finding) ? literal(site, finding, power.element(), DesiredPower.class,
					Literals.DESIRED_POWER__STATE, PowerState.get(finding.observed()) != null) : notStated(what);
		} else if (subject instanceof DriftSubject.Boot boot) {
			return mismatch(finding) ? literal(site, finding, boot.element(), DesiredBoot.class,
					Literals.DESIRED_BOOT__TARGET, BootTarget.get(finding.observed()) != null) : notStated(what);
		} else if (subject instanceof DriftSubject.Nic nic) {
			return switch (finding.kind()) {
			case MISSING -> removeNic(site, finding, nic);
			case UNEXPECTED -> addNic(site, finding, nic);
			default -> notStated(what);
			};
		} else if (subject instanceof DriftSubject.Cable cable) {
			return switch (finding.kind()) {
			case MISMATCH -> repatch(site, finding, cable);
			case UNEXPECTED -> addLink(site, finding, cable);
			default -> Acceptance.refused("LLDP saw no neighbour on " + cable.port() + " of " + finding.device()
					+ ": the cable may be there with LLDP off on the other end. Remove the link by hand if it is gone.");
			};
		} else if (subject instanceof DriftSubject.Machine) {
			return Acceptance.refused("Adding or removing a whole machine is a design decision: declare or delete "
					+ finding.device() + " by hand.");
		} else if (subject instanceof DriftSubject.Reachable) {
			return Acceptance.refused(finding.device() + " did not answer: there is nothing observed to accept.");
		} else if (subject instanceof DriftSubject.Image) {
			return Acceptance.refused("os.image of " + finding.device() + " comes from params (a profile, the rack, "
					+ "the site): set it where it should change, by hand.");
		} else if (subject instanceof DriftSubject.Sensor) {
			return Acceptance.refused("A sensor out of range is for the machine, not the design.");
		} else if (subject instanceof DriftSubject.BootOverride) {
			return Acceptance.refused("The design asks for no boot override: clear it on the BMC (Fix in the Drift "
					+ "view), or add 'desired boot' to " + finding.device() + " by hand.");
		}
		return notStated(what); // facts, the observation store
	}

	/** The text of {@code file} with {@code edits} of that file applied (from the end, so offsets stay valid). */
	public static String apply(String text, List<TextEdit> edits) {
		StringBuilder b = new StringBuilder(text);
		edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed())
				.forEach(e -> b.replace(e.offset(), e.offset() + e.length(), e.text()));
		return b.toString();
	}

	private static boolean mismatch(DriftFinding finding) {
		return finding.kind() == DriftFinding.Kind.MISMATCH && finding.observed() != null;
	}

	private static Acceptance notStated(String what) {
		return Acceptance.refused("The design does not state the observed " + what + " in one place: change it by "
				+ "hand.");
	}

	private static Acceptance changed(DriftFinding finding) {
		return Acceptance.refused("The design has changed since " + finding.device() + " was compared: compare "
				+ "again (collect or refresh), then accept.");
	}

	private static Acceptance mac(Site site, DriftFinding finding, DriftSubject.Mac subject) {
		Interface nic = element(site, subject.element(), Interface.class, finding.device());
		if (nic == null || !subject.nic().equals(nic.getName())) {
			return changed(finding);
		}
		String mac = finding.observed().toLowerCase(Locale.ROOT);
		if (!MAC.matcher(mac).matches()) {
			return Acceptance.refused("'" + finding.observed() + "' is not a MAC address.");
		}
		return replace(nic, Literals.INTERFACE__MAC, '"' + mac + '"', "mac of " + finding.device() + "." + nic.getName()
				+ " is now " + mac);
	}

	private static Acceptance address(Site site, DriftFinding finding, DriftSubject.Address subject) {
		Interface nic = element(site, subject.element(), Interface.class, finding.device());
		if (nic == null || !subject.nic().equals(nic.getName())) {
			return changed(finding);
		}
		List<String> addresses = new ArrayList<>();
		for (String token : finding.observed().split("[, ]+")) {
			String address = token.split("/")[0];
			if (IPV4.matcher(address).matches()) {
				addresses.add(address);
			}
		}
		if (addresses.size() != 1) {
			return Acceptance.refused(addresses.isEmpty()
					? finding.device() + "." + nic.getName() + " showed no IPv4 address to accept."
					: finding.device() + "." + nic.getName() + " showed several addresses (" + String.join(", ", addresses)
							+ "): write the one it should keep by hand.");
		}
		return replace(nic, Literals.INTERFACE__ADDRESS, addresses.get(0), "address of " + finding.device() + "."
				+ nic.getName() + " is now " + addresses.get(0));
	}

	private static <T extends DeviceMember> Acceptance literal(Site site, DriftFinding finding, URI uri, Class<T> type,
			EStructuralFeature feature, boolean valid) {
		T member = element(site, uri, type, finding.device());
		if (member == null) {
			return changed(finding);
		}
		if (!valid) {
			return Acceptance.refused("'" + finding.observed() + "' is not a " + finding.subject().label()
					+ " the design can ask for.");
		}
		return replace(member, feature, finding.observed(), "desired " + finding.subject().label() + " of "
				+ finding.device() + " is now " + finding.observed());
	}

	private static Acceptance removeNic(Site site, DriftFinding finding, DriftSubject.Nic subject) {
		Interface nic = element(site, subject.element(), Interface.class, finding.device());
		if (nic == null || !subject.name().equals(nic.getName())) {
			return changed(finding);
		}
		for (Link link : site.getLinks()) {
			for (LinkEnd end : List.of(link.getA(), link.getB())) {
				if (end.getDevice() != null && finding.device().equals(end.getDevice().getName())
						&& nic.getName().equals(end.getPort())) {
					return Acceptance.refused(finding.device() + "." + nic.getName() + " is cabled (" + text(link)
							+ "): re-patch or remove that link first.");
				}
			}
		}
		ICompositeNode node = NodeModelUtils.findActualNodeFor(nic);
		String file = fileText(nic);
		int start = node.getOffset();
		int end = node.getEndOffset();
		// the member's whole line when it stands alone on it, else the member and the blank before it
		int lineStart = file.lastIndexOf('\n', start - 1) + 1;
		int lineEnd = file.indexOf('\n', end);
		if (file.substring(lineStart, start).isBlank() && lineEnd >= 0 && file.substring(end, lineEnd).isBlank()) {
			start = lineStart;
			end = lineEnd + 1;
		} else {
			while (start > 0 && file.charAt(start - 1) == ' ') {
				start--;
			}
		}
		return Acceptance.of(finding.device() + "." + nic.getName() + " removed from the design",
				new TextEdit(path(nic), start, end - start, ""));
	}

	private static Acceptance addNic(Site site, DriftFinding finding, DriftSubject.Nic subject) {
		Device device = element(site, subject.element(), Device.class, finding.device());
		if (device == null) {
			return changed(finding);
		}
		String mac = finding.observed() == null ? null : finding.observed().toLowerCase(Locale.ROOT);
		if (!ID.matcher(subject.name()).matches()) {
			return Acceptance.refused("'" + subject.name() + "' cannot be written as an interface name of the "
					+ "design: add it by hand.");
		}
		if (!hasPort(device, subject.name())) {
			return Acceptance.refused(device.getType().getName() + " has no port " + subject.name() + ": an "
					+ "interface the device type does not list (an adapter, a virtual interface) is added by hand.");
		}
		String text = "nic " + name(device, subject.name()) + (mac != null && MAC.matcher(mac).matches()
				? " mac \"" + mac + "\"" : "");
		return insertMember(device, text, finding.device() + "." + subject.name() + " added to the design");
	}

	private static Acceptance repatch(Site site, DriftFinding finding, DriftSubject.Cable subject) {
		Link link = element(site, subject.element(), Link.class, null);
		if (link == null) {
			return changed(finding);
		}
		LinkEnd local = end(link, finding.device(), subject.port());
		if (local == null) {
			return changed(finding);
		}
		LinkEnd remote = local == link.getA() ? link.getB() : link.getA();
		String target = designedEnd(site, finding.observed());
		if (target == null) {
			return Acceptance.refused(finding.device() + "." + subject.port() + " sees " + finding.observed()
					+ ", which is not a port of a device of the design: add that device or port first.");
		}
		ICompositeNode node = NodeModelUtils.findActualNodeFor(remote);
		return Acceptance.of(finding.device() + "." + subject.port() + " is now cabled to " + target,
				new TextEdit(path(link), node.getOffset(), node.getLength(), target));
	}

	private static Acceptance addLink(Site site, DriftFinding finding, DriftSubject.Cable subject) {
		Device device = element(site, subject.element(), Device.class, finding.device());
		if (device == null) {
			return changed(finding);
		}
		if (!hasPort(device, subject.port())) {
			return Acceptance.refused(device.getType().getName() + " has no port " + subject.port() + ": add the "
					+ "cable by hand.");
		}
		String target = designedEnd(site, finding.observed());
		if (target == null) {
			return Acceptance.refused(finding.device() + "." + subject.port() + " sees " + finding.observed()
					+ ", which is not a port of a device of the design: add that device or port first.");
		}
		String text = "link " + name(site, device.getName()) + "." + name(site, subject.port()) + " to " + target;
		ICompositeNode siteNode = NodeModelUtils.findActualNodeFor(site);
		String file = fileText(site);
		int at;
		String indent;
		if (!site.getLinks().isEmpty()) {
			ICompositeNode last = NodeModelUtils.findActualNodeFor(site.getLinks().get(site.getLinks().size() - 1));
			at = last.getEndOffset();
			indent = indentOf(file, last.getOffset());
		} else {
			// the site's first link: on a line of its own before the site's closing brace
			int close = closingBrace(siteNode);
			int lineEnd = file.lastIndexOf('\n', close - 1);
			at = lineEnd > siteNode.getOffset() ? lineEnd : close;
			indent = indentOf(file, siteNode.getOffset()) + "\t";
		}
		return Acceptance.of("cable " + finding.device() + "." + subject.port() + " to " + target + " added",
				new TextEdit(path(site), at, 0, "\n" + indent + text));
	}

	/** "tor-r01.Ethernet9" as design text when tor-r01 is a device of the site and the port a name; else null. */
	private static String designedEnd(Site site, String observed) {
		int dot = observed == null ? -1 : observed.lastIndexOf('.');
		if (dot <= 0) {
			return null;
		}
		String device = observed.substring(0, dot);
		String port = observed.substring(dot + 1);
		boolean known = Sites.devicesOf(site).stream().anyMatch(d -> device.equals(d.getName()) && hasPort(d, port));
		return known ? name(site, device) + "." + name(site, port) : null;
	}

	/** Whether the device's type has the port (and it can be written as a name). */
	private static boolean hasPort(Device device, String port) {
		return ID.matcher(port).matches() && Ports.portsOf(device.getType()).containsKey(port);
	}

	private static LinkEnd end(Link link, String device, String port) {
		for (LinkEnd end : List.of(link.getA(), link.getB())) {
			if (end.getDevice() != null && device.equals(end.getDevice().getName()) && port.equals(end.getPort())) {
				return end;
			}
		}
		return null;
	}

	private static Acceptance insertMember(Device device, String text, String summary) {
		ICompositeNode node = NodeModelUtils.findActualNodeFor(device);
		String file = fileText(device);
		int close = closingBrace(node);
		if (close < 0) {
			// no member block yet: 'server web-09 : R650 at 12' gets ' { nic … }'
			return Acceptance.of(summary, new TextEdit(path(device), node.getEndOffset(), 0, " { " + text + " }"));
		}
		if (!device.getMembers().isEmpty()) {
			ICompositeNode last = NodeModelUtils.findActualNodeFor(device.getMembers().get(device.getMembers().size() - 1));
			boolean ownLines = file.substring(node.getOffset(), last.getOffset()).contains("\n");
			return Acceptance.of(summary, new TextEdit(path(device), last.getEndOffset(), 0,
					ownLines ? "\n" + indentOf(file, last.getOffset()) + text : " " + text));
		}
		return Acceptance.of(summary, new TextEdit(path(device), close, 0, text + " "));
	}

	/** The offset of the node's own closing '}' (its last leaf), or -1 when it has none. */
	private static int closingBrace(ICompositeNode node) {
		ILeafNode last = null;
		for (ILeafNode leaf : node.getLeafNodes()) {
			if (!leaf.isHidden()) {
				last = leaf;
			}
		}
		return last != null && "}".equals(last.getText()) ? last.getOffset() : -1;
	}

	/** A name as design text: with the escape Xtext knows when it is one of the language's keywords. */
	private static String name(EObject context, String name) {
		Resource resource = context.eResource();
		if (resource instanceof XtextResource xtext) {
			IGrammarAccess grammar = xtext.getResourceServiceProvider().get(IGrammarAccess.class);
			Set<String> keywords = GrammarUtil.getAllKeywords(grammar.getGrammar());
			if (keywords.contains(name)) {
				return "^" + name;
			}
		}
		return name;
	}

	private static Acceptance replace(EObject owner, EStructuralFeature feature, String text, String summary) {
		List<INode> nodes = NodeModelUtils.findNodesForFeature(owner, feature);
		if (nodes.isEmpty()) {
			return Acceptance.refused("The design does not write " + feature.getName() + " there: change it by hand.");
		}
		INode node = nodes.get(0);
		return Acceptance.of(summary, new TextEdit(path(owner), node.getOffset(), node.getLength(), text));
	}

	/**
	 * The element {@code uri} names, in the site's resource set, when it is a {@code type} and (for a device or a
	 * member of one) belongs to {@code device}; null when the design no longer has it there.
	 */
	private static <T extends EObject> T element(Site site, URI uri, Class<T> type, String device) {
		if (uri == null || site.eResource() == null || site.eResource().getResourceSet() == null) {
			return null;
		}
		EObject found;
		try {
			found = site.eResource().getResourceSet().getEObject(uri, false);
		} catch (RuntimeException e) {
			return null; // a fragment the parsed text no longer has
		}
		if (!type.isInstance(found) || NodeModelUtils.findActualNodeFor(found) == null) {
			return null;
		}
		if (device != null) {
			EObject owner = found;
			while (owner != null && !(owner instanceof Device)) {
				owner = owner.eContainer();
			}
			if (!(owner instanceof Device d) || !device.equals(d.getName())) {
				return null;
			}
		}
		return type.cast(found);
	}

	private static String text(EObject element) {
		return NodeModelUtils.getTokenText(NodeModelUtils.findActualNodeFor(element));
	}

	private static String fileText(EObject element) {
		return NodeModelUtils.findActualNodeFor(element).getRootNode().getText();
	}

	private static String path(EObject element) {
		URI uri = element.eResource().getURI();
		return uri.isFile() ? uri.toFileString() : uri.toString();
	}

	/** The white space a line starts with, for the line holding {@code offset}. */
	private static String indentOf(String file, int offset) {
		int start = file.lastIndexOf('\n', offset - 1) + 1;
		int end = start;
		while (end < file.length() && (file.charAt(end) == ' ' || file.charAt(end) == '\t')) {
			end++;
		}
		return file.substring(start, end);
	}
}
