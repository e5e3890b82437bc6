package org.underlay.dsl.ui.internal.outline;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.model.Racks;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.Link;
import org.underlay.dsl.underlay.Network;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.PowerFeed;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.Rack;
import org.underlay.dsl.underlay.Room;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.Workflow;
import org.underlay.dsl.model.Ports;


/** A detached snapshot of the design's structure for the Outline: labels and text regions, no EMF objects kept. */
public record OutlineNode(String label, int offset, int length, List<OutlineNode> children) {

	public static List<OutlineNode> of(Design design) {
		List<OutlineNode> nodes = new ArrayList<>();
		for (PackageElement element : design.getElements()) {
			nodes.add(node(element));
		}
		return nodes;
	}

	private static OutlineNode node(EObject object) {
		List<OutlineNode> children = new ArrayList<>();
		String label;
		if (object instanceof DeviceType type) {
			label = "device-type " + type.getName() + " (" + type.getHeight() + " U, "
					+ Ports.portsOf(type).size() + " ports)";
		} else if (object instanceof ParamDecl param) {
			label = "param " + param.getName() + " : " + param.getType().getLiteral();
		} else if (object instanceof Profile profile) {
			label = "profile " + profile.getName();
		} else if (object instanceof Workflow workflow) {
			label = "workflow " + workflow.getName() + " (" + workflow.getSteps().size() + " steps)";
		} else if (object instanceof Site site) {
			label = "site " + site.getName();
			site.getFeeds().forEach(f -> children.add(node(f)));
			site.getNetworks().forEach(n -> children.add(node(n)));
			site.getRooms().forEach(r -> children.add(node(r)));
			if (!site.getLinks().isEmpty()) {
				List<OutlineNode> links = new ArrayList<>();
				site.getLinks().forEach(l -> links.add(node(l)));
				OutlineNode first = links.get(0);
				children.add(new OutlineNode("links (" + links.size() + ")", first.offset(), first.length(), links));
			}
		} else if (object instanceof PowerFeed feed) {
			label = "feed " + feed.getName() + " (" + feed.getVoltage() + " V, " + feed.getAmps() + " A)";
		} else if (object instanceof Network network) {
			label = "network " + network.getName() + " " + network.getSubnet();
		} else if (object instanceof Room room) {
			label = "room " + room.getName();
			room.getRacks().forEach(r -> children.add(node(r)));
		} else if (object instanceof Rack rack) {
			label = "rack " + rack.getName() + " (" + rack.getHeight() + " U)";
			rack.getDevices().forEach(d -> children.add(node(d)));
		} else if (object instanceof Device device) {
			Integer height = Racks.heightOf(device);
			label = device.getKind().getLiteral() + " " + device.getName()
					+ (device.getType() != null && !device.getType().eIsProxy() ? " : " + device.getType().getName() : "")
					+ (height != null && height > 0 && Racks.isPlaced(device)
							? " @ " + Racks.units(device.getPosition(), height) : "");
		} else if (object instanceof Link link) {
			label = end(link.getA().getDevice()) + "." + link.getA().getPort() + " - " + end(link.getB().getDevice()) + "."
					+ link.getB().getPort();
		} else if (object instanceof Environment environment) {
			label = "environment " + environment.getName();
			environment.getBindings().forEach(b -> children.add(node(b)));
		} else if (object instanceof Binding binding) {
			label = end(binding.getDevice());
		} else {
			label = object.eClass().getName();
		}
		INode whole = NodeModelUtils.findActualNodeFor(object);
		EStructuralFeature name = object.eClass().getEStructuralFeature("name");
		List<INode> names = name == null ? List.of() : NodeModelUtils.findNodesForFeature(object, name);
		INode target = !names.isEmpty() ? names.get(0) : whole;
		return new OutlineNode(label, target == null ? 0 : target.getOffset(), target == null ? 0 : target.getLength(),
				children);
	}

	private static String end(Device device) {
		return device == null || device.eIsProxy() ? "?" : device.getName();
	}
}
