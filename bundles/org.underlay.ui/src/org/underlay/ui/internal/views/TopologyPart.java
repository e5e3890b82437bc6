package org.underlay.ui.internal.views;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.swt.graphics.Point;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.export.CsvExport;
import org.underlay.drawings.export.DotExport;
import org.underlay.drawings.topology.Topology;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DrawingCanvas;
import org.underlay.ui.internal.Exports;

/**
 * The cable graph of the site being edited, laid out by ELK: devices grouped by rack, cables labelled with their
 * ports. Clicking a port (or putting the caret on a link end) traces its cable end to end through patch panels;
 * clicking a device opens its declaration.
 */
public class TopologyPart extends DrawingView {

	public static final String ID = "org.underlay.ui.topology";

	public TopologyPart() {
		super("Zoom to fit (0)", "cables", "Save the graph (SVG, PNG, Graphviz DOT) or the cable run sheet (CSV)");
	}

	@Override
	protected void configure(DrawingCanvas drawingCanvas) {
		drawingCanvas.onClick(this::clicked);
	}

	/** A click on a port name selects that link end in the editor, which traces the cable. */
	private void clicked(Point at) {
		Drawing.Box box = drawing().boxAt(at.x, at.y, "port");
		Label label = box == null ? portAt(drawing(), at.x, at.y) : null;
		String id = box != null ? box.id() : label != null ? label.id() : null;
		if (id != null) {
			tracker.reveal(id);
		}
	}

	/** The port label under a point (labels have no box: estimate it from the text and size). */
	public static Label portAt(Drawing drawing, double x, double y) {
		for (Label label : drawing.shapes(Label.class, "port")) {
			double width = label.text().length() * label.size() * 0.62;
			if (x >= label.x() - 2 && x <= label.x() + width + 2 && y <= label.y() + 3
					&& y >= label.y() - label.size() - 2) {
				return label;
			}
		}
		return null;
	}

	@Override
	protected void show(DesignSnapshot snapshot) {
		if (snapshot.topologyDrawing() == null) {
			canvas().show(new Drawing(), snapshot.message());
			return;
		}
		String trace = snapshot.trace().isEmpty() ? ""
				: " - tracing " + snapshot.selectedLabel() + ": " + snapshot.trace().size()
						+ (snapshot.trace().size() == 1 ? " cable" : " cables");
		String heading = "Site " + snapshot.site() + ", " + snapshot.topology().edges().size() + " cables"
				+ (snapshot.topology().unlinkedDevices() > 0
						? ", " + snapshot.topology().unlinkedDevices() + " devices without cables not shown"
						: "")
				+ trace + (snapshot.message() == null ? "" : " (" + snapshot.message() + ")");
		canvas().show(snapshot.topologyDrawing(), heading);
		Set<String> selected = snapshot.selectedId() == null ? Set.of() : Set.of(snapshot.selectedId());
		if (!snapshot.trace().isEmpty()) {
			selected = snapshot.trace().stream().flatMap(e -> Stream.of("device:" + e.a().name(),
					"device:" + e.b().name())).collect(Collectors.toSet());
		}
		canvas().select(selected);
	}

	/** What Export… offers: the graph as shown, its DOT, and the cable sheet. */
	@Override
	public Exports.Format[] formats() {
		return formats("Cables, site " + snapshot().site(),
				Exports.fromSite(tracker, "dot", "Graphviz DOT", s -> DotExport.toDot(Topology.of(s))),
				Exports.fromSite(tracker, "csv", "Cable run sheet", CsvExport::cableSheet));
	}
}
