package org.underlay.ui.internal.views;

import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.export.CsvExport;
import org.underlay.drawings.export.DotExport;
import org.underlay.drawings.topology.Topology;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.DrawingCanvas;
import org.underlay.ui.internal.Exports;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The cable graph of the site being edited, laid out by ELK: devices grouped by rack, cables labelled with their
 * ports. Clicking a port (or putting the caret on a link end) traces its cable end to end through patch panels;
 * clicking a device opens its declaration.
 */
public class TopologyPart {

	public static final String ID = "org.underlay.ui.topology";

	private DrawingCanvas canvas;
	private DesignSnapshot snapshot;
	private final Consumer<DesignSnapshot> listener = this::show;

	@PostConstruct
	public void create(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		ToolBar bar = new ToolBar(parent, SWT.FLAT | SWT.RIGHT);
		DrawingCanvas.addZoomTools(bar, "Zoom to fit (0)", () -> canvas);
		new ToolItem(bar, SWT.SEPARATOR);
		DrawingCanvas.tool(bar, "Export\u2026", "Save the graph (SVG, PNG, Graphviz DOT) or the cable run sheet (CSV)", () -> {
			if (snapshot != null && snapshot.site() != null) {
				Exports.run(canvas.canvas().getShell(), snapshot.site() + "-cables", formats());
			}
		});
		canvas = new DrawingCanvas(parent);
		canvas.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		canvas.onOpen(box -> DesignTracker.get().reveal(box.id()));
		canvas.onClick(this::clicked);
		DesignTracker.get().addListener(listener);
	}


	@Focus
	public void focus() {
		canvas.canvas().setFocus();
	}

	@PreDestroy
	public void dispose() {
		DesignTracker.get().removeListener(listener);
	}

	/** A click on a port name selects that link end in the editor, which traces the cable. */
	private void clicked(Point at) {
		org.underlay.drawings.Drawing.Box box = canvas.drawing().boxAt(at.x, at.y, "port");
		Label label = box == null ? portAt(canvas.drawing(), at.x, at.y) : null;
		String id = box != null ? box.id() : label != null ? label.id() : null;
		if (id != null) {
			DesignTracker.get().reveal(id);
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

	private void show(DesignSnapshot snapshot) {
		if (canvas.canvas().isDisposed()) {
			return;
		}
		this.snapshot = snapshot;
		if (snapshot.topologyDrawing() == null) {
			canvas.show(new Drawing(), snapshot.message());
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
		canvas.show(snapshot.topologyDrawing(), heading);
		Set<String> selected = snapshot.selectedId() == null ? Set.of() : Set.of(snapshot.selectedId());
		if (!snapshot.trace().isEmpty()) {
			selected = snapshot.trace().stream().flatMap(e -> java.util.stream.Stream.of("device:" + e.a().name(),
					"device:" + e.b().name())).collect(Collectors.toSet());
		}
		canvas.select(selected);
	}

	/** What Export… offers: the graph as shown, its DOT, and the cable sheet. */
	public Exports.Format[] formats() {
		String site = snapshot.site();
		return new Exports.Format[] { Exports.svg(canvas.drawing(), "Cables, site " + site),
				Exports.png(canvas.drawing()),
				Exports.fromSite("dot", "Graphviz DOT", s -> DotExport.toDot(Topology.of(s))),
				Exports.fromSite("csv", "Cable run sheet", CsvExport::cableSheet) };
	}

	public Drawing drawing() {
		return canvas.drawing();
	}

	public DesignSnapshot snapshot() {
		return snapshot;
	}

	public DrawingCanvas canvas() {
		return canvas;
	}
}
