package org.underlay.dsl.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.params.Provenance;
import org.underlay.dsl.ui.UnderlayLanguage;
import org.underlay.dsl.ui.internal.fixes.UnderlayQuickAssistProcessor;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.PortSpec;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.Workflow;

/**
 * Hover: the problems at the mouse, then what the word means — a device with its effective params and where each
 * value comes from, a param's declaration and its value on the device at hand, a device type's data sheet, a
 * network's addressing.
 */
public class UnderlayHover implements ITextHover {

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		IDocument document = viewer.getDocument();
		String text = document.get();
		int start = offset;
		int end = offset;
		while (start > 0 && isWordChar(text.charAt(start - 1))) {
			start--;
		}
		while (end < text.length() && isWordChar(text.charAt(end))) {
			end++;
		}
		return new Region(start, end - start);
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		List<String> parts = new ArrayList<>();
		if (viewer instanceof ISourceViewer sourceViewer) {
			String problems = UnderlayQuickAssistProcessor.problemsAt(sourceViewer, region.getOffset()).stream()
					.map(a -> a.getText()).collect(Collectors.joining("\n"));
			if (!problems.isEmpty()) {
				parts.add(problems);
			}
		}
		String meaning = describeAt(viewer.getDocument(), region.getOffset());
		if (meaning != null) {
			parts.add(meaning);
		}
		return parts.isEmpty() ? null : String.join("\n\n", parts);
	}

	/** What the text at {@code offset} refers to, described; null when there is nothing to say. */
	public static String describeAt(IDocument document, int offset) {
		DesignContext.Located located = DesignContext.locate(document);
		try {
			return located.context().withDocument(located.uri(), document.get(), resource -> describe(resource, offset));
		} catch (RuntimeException e) {
			return null; // a hover never fails loudly
		}
	}

	static String describe(XtextResource resource, int offset) {
		EObjectAtOffsetHelper helper = UnderlayLanguage.get(EObjectAtOffsetHelper.class);
		EObject target = helper.resolveElementAt(resource, offset);
		EObject contained = helper.resolveContainedElementAt(resource, offset);
		Device device = contained == null ? null : EcoreUtil2.getContainerOfType(contained, Device.class);
		if (target == null || target.eIsProxy()) {
			return null;
		}
		if (target instanceof ParamDecl declaration) {
			return Provenance.describe(declaration, device);
		}
		if (target instanceof Device hovered) {
			return Provenance.describe(hovered);
		}
		if (target instanceof DeviceType type) {
			return describe(type);
		}
		if (target instanceof Network network) {
			Ipv4.Prefix subnet = Ipv4.parsePrefix(network.getSubnet());
			return "network " + network.getName() + (network.getVlan() != 0 ? ", VLAN " + network.getVlan() : "")
					+ "\nsubnet " + network.getSubnet()
					+ (subnet != null ? " (hosts " + Ipv4.format(subnet.firstHost()) + " - " + Ipv4.format(subnet.lastHost()) + ")" : "")
					+ (network.getGateway() != null ? "\ngateway " + network.getGateway() : "");
		}
		if (target instanceof Profile profile) {
			return "profile " + profile.getName() + "\nworkflows: "
					+ profile.getWorkflows().stream().map(Workflow::getName).collect(Collectors.joining(", "))
					+ "\nsets: " + profile.getParams().stream().map(p -> p.getParam().getName()).collect(Collectors.joining(", "));
		}
		if (target instanceof Workflow workflow) {
			return "workflow " + workflow.getName() + ": " + workflow.getSteps().size() + " steps";
		}
		return null;
	}

	private static boolean given(EObject object, String feature) {
		return !NodeModelUtils
				.findNodesForFeature(object, object.eClass().getEStructuralFeature(feature)).isEmpty();
	}

	static String describe(DeviceType type) {
		StringBuilder text = new StringBuilder("device-type ").append(type.getName());
		if (type.getVendor() != null || type.getModel() != null) {
			text.append("\n").append(type.getVendor() == null ? "" : type.getVendor() + " ")
					.append(type.getModel() == null ? "" : type.getModel());
		}
		text.append("\n").append(type.getHeight()).append(" U").append(type.isHalfWidth() ? ", half width" : "")
				.append(type.isHalfDepth() ? ", half depth" : "");
		if (type.getPsuCount() > 0) {
			text.append("\n").append(type.getPsuCount()).append(" x ").append(type.getPsuWatts()).append(" W PSUs");
		}
		if (type.getCapacityWatts() > 0) {
			text.append("\nsupplies up to ").append(type.getCapacityWatts()).append(" W, ")
					.append(Ports.outletsOf(type).size()).append(" outlets");
		}
		if (type.getBmc() != null) {
			text.append("\nBMC: ").append(type.getBmc().getKind().getLiteral());
		}
		for (PortSpec port : type.getPorts()) {
			List<String> names = Ports.expand(port);
			text.append("\nport ").append(names.size() == 1 ? names.get(0) : names.get(0) + " .. " + names.get(names.size() - 1))
					.append(given(port, "speed") ? " " + port.getSpeed().getLiteral() : "")
					.append(given(port, "medium") ? " " + port.getMedium().getLiteral() : "")
					.append(port.isManagement() ? " (management)" : "");
		}
		return text.toString();
	}
}
