package org.underlay.dsl.ide.services;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.model.Ports;
import org.underlay.dsl.net.Ipv4;
import org.underlay.dsl.params.Provenance;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.PortSpec;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.Workflow;

/**
 * What a word of a design means, as plain text: a device with its effective params and where each value comes from,
 * a param's declaration and its value on the device at hand, a device type's data sheet, a network's addressing. The
 * workbench's hover and the language server's hover show the same text.
 */
public final class Meaning {

	private Meaning() {
	}

	/** What the text at {@code offset} refers to, described; null when there is nothing to say. */
	public static String describe(XtextResource resource, int offset) {
		EObjectAtOffsetHelper atOffset = resource.getResourceServiceProvider().get(EObjectAtOffsetHelper.class);
		EObject target = atOffset.resolveElementAt(resource, offset);
		EObject contained = atOffset.resolveContainedElementAt(resource, offset);
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

	public static String describe(DeviceType type) {
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
