package org.underlay.ui.internal.views;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
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
import org.underlay.ui.internal.DrawingCanvas;
import org.underlay.ui.internal.Exports;

/**
 * Rack elevations of the site being edited: its racks side by side, front and rear, drawn to scale and updated as
 * the text changes. Clicking a device opens its declaration; the device at the editor's caret is highlighted.
 */
public class RackElevationPart extends DrawingView {

	public static final String ID = "org.underlay.ui.elevation";
	private static final String ALL_ROOMS = "All rooms";

	private Combo rooms;
	private ToolItem byRole;

	public RackElevationPart() {
		super("Zoom to the view's height (0)", "elevation",
				"Save the elevation (SVG, PNG), the site's work package (HTML) or IP plan (CSV)");
	}

	@Override
	protected void addTools(ToolBar bar) {
		byRole = new ToolItem(bar, SWT.CHECK);
		byRole.setText("Colour by role");
		byRole.setToolTipText("Colour devices by role (their profile) instead of by kind");
		byRole.setSelection(true);
		byRole.addListener(SWT.Selection, e -> redraw());
		new ToolItem(bar, SWT.SEPARATOR);
	}

	@Override
	protected void addBeside(Composite parent) {
		rooms = new Combo(parent, SWT.READ_ONLY);
		rooms.setToolTipText("Which room's racks to show");
		rooms.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));
		rooms.addListener(SWT.Selection, e -> redraw());
	}

	@Override
	protected void configure(DrawingCanvas drawingCanvas) {
		drawingCanvas.fitHeightOnly(true);
	}

	@Override
	protected void show(DesignSnapshot snapshot) {
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
		DesignSnapshot snapshot = snapshot();
		if (snapshot == null) {
			return;
		}
		String room = rooms.getText().startsWith("Room ") ? rooms.getText().substring(5) : null;
		List<RackView> racks = snapshot.racks().stream().filter(r -> room == null || room.equals(r.room())).toList();
		String message = snapshot.message();
		if (snapshot.site() == null) {
			canvas().show(new Drawing(), message);
		} else {
			String drift = snapshot.driftEnvironment() == null ? ""
					: snapshot.drift().isEmpty() ? ", no drift in " + snapshot.driftEnvironment()
							: ", " + snapshot.driftByDevice().size() + " machines drifted in " + snapshot.driftEnvironment();
			canvas().show(ElevationLayout.draw(racks, byRole.getSelection() ? ColourBy.ROLE : ColourBy.KIND,
					snapshot.driftByDevice()),
					"Site " + snapshot.site() + drift + (message == null ? "" : ": " + message));
		}
		canvas().select(snapshot.selectedId() == null ? Set.of() : Set.of(snapshot.selectedId()));
	}

	/** What Export… offers: the drawing as shown, and the site's sheets. */
	@Override
	public Exports.Format[] formats() {
		DesignSnapshot shown = snapshot();
		return formats("Rack elevations, site " + shown.site(),
				Exports.fromSite(tracker, "html", "Work package",
						s -> WorkPackage.toHtml(s, shown.file(), Exports.problems(shown))),
				Exports.fromSite(tracker, "csv", "IP plan", CsvExport::ipPlan));
	}
}
