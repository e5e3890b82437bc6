package org.underlay.ui.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.underlay.drawings.Drawing;
import org.underlay.drawings.elevation.Elevation.RackView;
import org.underlay.drawings.topology.Topology;
import org.underlay.operations.drift.DriftFinding;

/**
 * What the views show, computed off the UI thread from the editor's current text (parsed within its design) and
 * caret: the site, its racks and cable graph, the element at the caret, its params and properties. Immutable: a
 * newer text makes a newer snapshot.
 *
 * @param file         the workspace path of the file being edited ("acme-dc/sites/fra1.underlay"), or null
 * @param site         the site shown (the one the caret is in, or the file's first), or null
 * @param message      why there is nothing to show, or a note on errors; null when all is well
 * @param selectedId   the element at the caret as the drawings name it ("device:web-01", "rack:r01"), or null
 * @param declarations where each named element is written: "device:web-01" to its file and name range
 * @param trace        the cables of the port at the caret, end to end; empty unless the caret is on a link end
 * @param environments the names of the site's environments (bindings), for the Deploy view
 * @param workflows    the names of the design's workflows
 * @param designErrors the design's validation errors as {@code underlay validate} prints them: this file's (from
 *                     its text as edited) and the other design files' (from the builder's markers); the Deploy view
 *                     refuses to plan or apply while there are any
 */
public record DesignSnapshot(String file, String site, String message, List<RackView> racks, Topology topology,
		Drawing topologyDrawing, String selectedId, String selectedLabel, Set<Topology.Edge> trace,
		List<ParamRow> params, List<Property> properties, Map<String, Declaration> declarations, int errors,
		String driftEnvironment, List<DriftFinding> drift, List<String> environments,
		List<String> workflows, List<String> designErrors) {

	/** Drift per device: host name to its differences, one per line (for the drawings' overlay). */
	public Map<String, String> driftByDevice() {
		Map<String, String> byDevice = new TreeMap<>();
		for (var finding : drift) {
			byDevice.merge(finding.device(), finding.describe(), (a, b) -> a + "\n" + b);
		}
		return byDevice;
	}

	/** A param of the selected device: its value, the layer that set it and every layer it overrode. */
	public record ParamRow(String name, String value, String setBy, String chain, boolean required) {
	}

	public record Property(String name, String value) {
	}

	/** A text range in a design file (a file-system path) where an element's name is written. */
	public record Declaration(String path, int offset, int length) {
	}

	public static DesignSnapshot empty(String message) {
		return new DesignSnapshot(null, null, message, List.of(), null, null, null, null, Set.of(), List.of(),
				List.of(), Map.of(), 0, null, List.of(), List.of(), List.of(), List.of());
	}
}
