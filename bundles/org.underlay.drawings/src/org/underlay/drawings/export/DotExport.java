package org.underlay.drawings.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.underlay.drawings.Palette;
import org.underlay.drawings.topology.Topology.Edge;
import org.underlay.drawings.topology.Topology.Node;
import org.underlay.drawings.topology.Topology;

/** The cable graph in Graphviz DOT: a cluster per rack, a node per cabled device, an edge per cable. */
public final class DotExport {

	private DotExport() {
	}

	public static String toDot(Topology topology) {
		StringBuilder dot = new StringBuilder();
		dot.append("graph ").append(id(topology.site().getName())).append(" {\n");
		dot.append("  graph [rankdir=TB, fontname=\"Helvetica\", label=").append(id("site " + topology.site().getName()))
				.append("];\n");
		dot.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
		dot.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
		Map<String, List<Node>> racks = new LinkedHashMap<>();
		for (Node node : topology.nodes()) {
			racks.computeIfAbsent(node.rack(), r -> new ArrayList<>()).add(node);
		}
		int cluster = 0;
		for (Map.Entry<String, List<Node>> rack : racks.entrySet()) {
			dot.append("  subgraph cluster_").append(cluster++).append(" {\n");
			dot.append("    label=").append(id("rack " + rack.getKey())).append(";\n");
			for (Node node : rack.getValue()) {
				dot.append("    ").append(id(node.name())).append(" [fillcolor=")
						.append(id(Palette.hex(Palette.of(node.kind()))))
						.append(", tooltip=").append(id(node.kind().getLiteral())).append("];\n");
			}
			dot.append("  }\n");
		}
		for (Edge edge : topology.edges()) {
			dot.append("  ").append(id(edge.a().name())).append(" -- ").append(id(edge.b().name()))
					.append(" [taillabel=").append(id(edge.aPort())).append(", headlabel=").append(id(edge.bPort()));
			if (edge.cable() != null) {
				dot.append(", label=").append(id(edge.cable() + (edge.length() > 0 ? " " + edge.length() + " m" : "")));
			}
			dot.append("];\n");
		}
		dot.append("}\n");
		return dot.toString();
	}

	/** A DOT ID: always quoted, so host names with '-' or '.' stay one token. */
	static String id(String text) {
		return "\"" + (text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ")) + "\"";
	}
}
