package org.underlay.ui.internal.views;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.elevation.Elevation.RackView;
import org.underlay.drawings.elevation.ElevationLayout.ColourBy;
import org.underlay.drawings.elevation.ElevationLayout;
import org.underlay.drawings.export.CsvExport;
import org.underlay.drawings.export.WorkPackage;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DesignTracker;
import org.underlay.ui.internal.DrawingCanvas;
import org.underlay.ui.internal.Exports;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Rack elevations of the site being edited: its racks side by side, front and rear, drawn to scale and updated as
 * the text changes. Clicking a device opens its declaration; the device at the editor's caret is highlighted.
 */
public class RackElevationPart {

	public static final String ID = "org.underlay.ui.elevation";
	private static final String ALL_ROOMS = "All rooms";

	private DrawingCanvas canvas;
	private Combo rooms;
	private ToolItem byRole;
	private DesignSnapshot snapshot;
	private final Consumer<DesignSnapshot> listener = this::show;

	@PostConstruct
	public void create(Composite parent) {
		parent.setLayout(new GridLayout(2, false));
		ToolBar bar = new ToolBar(parent, SWT.FLAT | SWT.RIGHT);
		DrawingCanvas.addZoomTools(bar, "Zoom to the view's height (0)", () -> canvas);
		new ToolItem(bar, SWT.SEPARATOR);
		byRole = new ToolItem(bar, SWT.CHECK);
		byRole.setText("Colour by role");
		byRole.setToolTipText("Colour devices by role (their profile) instead of by kind");
		byRole.setSelection(true);
		byRole.addListener(SWT.Selection, e -> redraw());
		new ToolItem(bar, SWT.SEPARATOR);
		DrawingCanvas.tool(bar, "Export\u2026", "Save the elevation (SVG, PNG), the site's work package (HTML) or IP plan (CSV)",
				() -> {
					if (snapshot != null && snapshot.site() != null) {
						Exports.run(canvas.canvas().getShell(), snapshot.site() + "-elevation", formats());
					}
				});
		rooms = new Combo(parent, SWT.READ_ONLY);
		rooms.setToolTipText("Which room's racks to show");
		rooms.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));
		rooms.addListener(SWT.Selection, e -> redraw());
		canvas = new DrawingCanvas(parent);
		canvas.fitHeightOnly(true);
		canvas.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
		canvas.onOpen(box -> DesignTracker.get().reveal(box.id()));
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

	private void show(DesignSnapshot snapshot) {
		if (canvas.canvas().isDisposed()) {
			return;
		}
		this.snapshot = snapshot;
		Set<String> names = new LinkedHashSet<>();
		names.add(ALL_ROOMS);
		snapshot.racks().forEach(r -> names.add("Room " + r.room()));
		String chosen = rooms.getText();
		if (!List.of(rooms.getItems()).equals(new ArrayList<>(names))) {
			rooms.setItems(names.toArray(String[]::new));
			rooms.setText(names.contains(chosen) ? chosen : ALL_ROOMS);
			rooms.getParent().layout(true);
		}
		redraw();
	}

	private void redraw() {
		if (snapshot == null) {
			return;
		}
		String room = rooms.getText().startsWith("Room ") ? rooms.getText().substring(5) : null;
		List<RackView> racks = snapshot.racks().stream().filter(r -> room == null || room.equals(r.room())).toList();
		String message = snapshot.message();
		if (snapshot.site() == null) {
			canvas.show(new Drawing(), message);
		} else {
			String drift = snapshot.driftEnvironment() == null ? ""
					: snapshot.drift().isEmpty() ? ", no drift in " + snapshot.driftEnvironment()
							: ", " + snapshot.driftByDevice().size() + " machines drifted in " + snapshot.driftEnvironment();
			canvas.show(ElevationLayout.draw(racks, byRole.getSelection() ? ColourBy.ROLE : ColourBy.KIND,
					snapshot.driftByDevice()),
					"Site " + snapshot.site() + drift + (message == null ? "" : ": " + message));
		}
		canvas.select(snapshot.selectedId() == null ? Set.of() : Set.of(snapshot.selectedId()));
	}

	/** What Export… offers: the drawing as shown, and the site's sheets. */
	public Exports.Format[] formats() {
		DesignSnapshot shown = snapshot;
		String site = shown.site();
		return new Exports.Format[] { Exports.svg(canvas.drawing(), "Rack elevations, site " + site),
				Exports.png(canvas.drawing()),
				Exports.fromSite("html", "Work package",
						s -> WorkPackage.toHtml(s, shown.file(), Exports.problems(shown))),
				Exports.fromSite("csv", "IP plan", CsvExport::ipPlan) };
	}

	/** For tests: what is drawn now, and from which snapshot. */
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
