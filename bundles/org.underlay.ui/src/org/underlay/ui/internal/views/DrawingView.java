package org.underlay.ui.internal.views;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.underlay.drawings.Drawing;
import org.underlay.ui.internal.DesignSnapshot;
import org.underlay.ui.internal.DrawingCanvas;
import org.underlay.ui.internal.Exports;

/**
 * A view that draws the site being edited (rack elevation, topology): a tool bar (zoom, the view's own tools,
 * Export…) above a {@link DrawingCanvas}, on which opening a device reveals its declaration.
 */
public abstract class DrawingView extends DesignView {

	private final String fitTooltip;
	private final String exportName;
	private final String exportTooltip;
	private DrawingCanvas canvas;

	/**
	 * @param fitTooltip    what the Fit item does
	 * @param exportName    what an export's file is named after, following the site ("elevation")
	 * @param exportTooltip what Export… offers
	 */
	protected DrawingView(String fitTooltip, String exportName, String exportTooltip) {
		this.fitTooltip = fitTooltip;
		this.exportName = exportName;
		this.exportTooltip = exportTooltip;
	}

	@Override
	protected final Control create(Composite parent) {
		parent.setLayout(new GridLayout(2, false));
		ToolBar bar = new ToolBar(parent, SWT.FLAT | SWT.RIGHT);
		DrawingCanvas.addZoomTools(bar, fitTooltip, () -> canvas);
		new ToolItem(bar, SWT.SEPARATOR);
		addTools(bar);
		DrawingCanvas.tool(bar, "Export\u2026", exportTooltip, () -> {
			DesignSnapshot shown = snapshot();
			if (shown != null && shown.site() != null) {
				Exports.run(bar.getShell(), shown.site() + "-" + exportName, formats());
			}
		});
		addBeside(parent);
		canvas = new DrawingCanvas(parent);
		canvas.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
		canvas.onOpen(box -> tracker.reveal(box.id()));
		configure(canvas);
		return canvas.canvas();
	}

	/** Adds the view's own items to the tool bar, before Export…; none by default. */
	protected void addTools(ToolBar bar) {
	}

	/** Adds a control beside the tool bar (the row's second column); none by default. */
	protected void addBeside(Composite parent) {
	}

	/** Sets up the canvas the view draws on; nothing more by default. */
	protected void configure(DrawingCanvas drawingCanvas) {
	}

	/** What Export… offers: the drawing as shown (SVG with this title, PNG), then {@code more}. */
	protected final Exports.Format[] formats(String title, Exports.Format... more) {
		List<Exports.Format> formats = new ArrayList<>(List.of(Exports.svg(drawing(), title), Exports.png(drawing())));
		formats.addAll(List.of(more));
		return formats.toArray(Exports.Format[]::new);
	}

	/** What Export… offers. */
	public abstract Exports.Format[] formats();

	/** What is drawn now (tests). */
	public Drawing drawing() {
		return canvas.drawing();
	}

	public DrawingCanvas canvas() {
		return canvas;
	}
}
