package org.underlay.ui.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing.Line;
import org.underlay.drawings.Drawing.Shape;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;

/**
 * Paints a {@link Drawing} with SWT, zoomable and scrollable, and turns clicks and keys into element ids: the same
 * drawing the exports write, so what the operator sees is what gets printed. Keys: + and - zoom, 0 fits, arrows
 * move between devices, Enter opens the selected one.
 */
public final class DrawingCanvas {

	private final ScrolledComposite scroller;
	private final Canvas canvas;
	private final Map<Integer, Color> colours = new HashMap<>();
	private final Map<String, Font> fonts = new HashMap<>();
	private Drawing drawing = new Drawing();
	private String message;
	private double zoom = 1;
	private boolean fit = true;
	private boolean fitHeightOnly;
	private Set<String> selected = Set.of();
	private Consumer<Box> onOpen = box -> {
	};
	private Consumer<Point> onClick = point -> {
	};

	public DrawingCanvas(Composite parent) {
		scroller = new ScrolledComposite(parent, SWT.H_SCROLL | SWT.V_SCROLL);
		canvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
		scroller.setContent(canvas);
		scroller.setExpandHorizontal(false);
		scroller.setExpandVertical(false);
		canvas.addPaintListener(e -> paint(e.gc));
		canvas.addListener(SWT.MouseDown, e -> {
			canvas.setFocus();
			double x = e.x / zoom;
			double y = (e.y - top()) / zoom;
			onClick.accept(new Point((int) Math.round(x), (int) Math.round(y)));
			Box box = drawing.boxAt(x, y, "device");
			if (box != null) {
				onOpen.accept(box);
			}
		});
		canvas.addListener(SWT.MouseHover, e -> {
			Box box = drawing.boxAt(e.x / zoom, (e.y - top()) / zoom, "device", "rack");
			canvas.setToolTipText(box == null ? null : box.tooltip());
		});
		canvas.addListener(SWT.KeyDown, e -> {
			switch (e.character) {
			case '+', '=' -> setZoom(zoom * 1.25);
			case '-' -> setZoom(zoom / 1.25);
			case '0' -> fitToWindow();
			case '\r' -> {
				Box box = selectedBox();
				if (box != null) {
					onOpen.accept(box);
				}
			}
			default -> {
				if (e.keyCode == SWT.ARROW_DOWN || e.keyCode == SWT.ARROW_RIGHT) {
					step(1);
				} else if (e.keyCode == SWT.ARROW_UP || e.keyCode == SWT.ARROW_LEFT) {
					step(-1);
				}
			}
			}
		});
		canvas.addListener(SWT.Traverse, e -> {
			if (e.detail == SWT.TRAVERSE_RETURN) {
				e.doit = false;
			}
		});
		scroller.addListener(SWT.Resize, e -> {
			if (fit) {
				fitToWindow();
			}
		});
		canvas.addListener(SWT.Dispose, e -> {
			colours.values().forEach(Color::dispose);
			fonts.values().forEach(Font::dispose);
		});
	}

	private double top() {
		return message == null ? 0 : 24;
	}

	public Composite control() {
		return scroller;
	}

	public Canvas canvas() {
		return canvas;
	}

	/** Shows a drawing; {@code message}, when given, is printed above it (empty design, errors). */
	public void show(Drawing drawing, String message) {
		this.drawing = drawing == null ? new Drawing() : drawing;
		this.message = message;
		if (fit) {
			fitToWindow();
		} else {
			resize();
		}
	}

	public Drawing drawing() {
		return drawing;
	}

	/** Ids drawn highlighted (the selection). */
	public void select(Set<String> ids) {
		this.selected = ids;
		canvas.redraw();
	}

	public Set<String> selection() {
		return selected;
	}

	public void onOpen(Consumer<Box> handler) {
		this.onOpen = handler;
	}

	/** Clicks anywhere, in drawing coordinates (hit-test lines and labels). */
	public void onClick(Consumer<Point> handler) {
		this.onClick = handler;
	}

	public double zoom() {
		return zoom;
	}

	public void setZoom(double value) {
		fit = false;
		zoom = Math.max(0.1, Math.min(8, value));
		resize();
	}

	/**
	 * Adds the zoom items every drawing view has: fit, out, in (the keys 0, -, + do the same). The canvas is asked
	 * for when an item is pressed: views put the tool bar above the canvas, so it is made first.
	 */
	public static void addZoomTools(ToolBar bar, String fitTooltip,
			Supplier<DrawingCanvas> canvas) {
		tool(bar, "Fit", fitTooltip, () -> canvas.get().fitToWindow());
		tool(bar, "\u2212", "Zoom out (-)", () -> canvas.get().setZoom(canvas.get().zoom() / 1.25));
		tool(bar, "+", "Zoom in (+)", () -> canvas.get().setZoom(canvas.get().zoom() * 1.25));
	}

	/** A push item on a view's tool bar. */
	public static void tool(ToolBar bar, String text, String tooltip, Runnable action) {
		ToolItem item = new ToolItem(bar, SWT.PUSH);
		item.setText(text);
		item.setToolTipText(tooltip);
		item.addListener(SWT.Selection, e -> action.run());
	}

	/** Fit fills the height and scrolls sideways (a row of racks) instead of fitting both ways. */
	public void fitHeightOnly(boolean value) {
		fitHeightOnly = value;
	}

	public void fitToWindow() {
		fit = true;
		Point area = scroller.getSize();
		if (area.x <= 0 || area.y <= 0 || drawing.width() <= 0) {
			zoom = 1;
		} else {
			double top = message == null ? 0 : 24;
			double byHeight = (area.y - 20 - top) / drawing.height();
			double byWidth = (area.x - 20) / drawing.width();
			zoom = Math.max(0.1, Math.min(fitHeightOnly ? 1.6 : 2, fitHeightOnly ? byHeight : Math.min(byWidth, byHeight)));
		}
		resize();
	}

	private void resize() {
		double top = message == null ? 0 : 24;
		canvas.setSize((int) Math.ceil(drawing.width() * zoom) + 2, (int) Math.ceil(drawing.height() * zoom + top) + 2);
		canvas.redraw();
	}

	private Box selectedBox() {
		for (Box box : devices()) {
			if (selected.contains(box.id())) {
				return box;
			}
		}
		return null;
	}

	private List<Box> devices() {
		List<Box> boxes = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		for (Box box : drawing.shapes(Box.class, "device")) {
			if (!seen.contains(box.id())) {
				seen.add(box.id());
				boxes.add(box);
			}
		}
		return boxes;
	}

	private void step(int direction) {
		List<Box> boxes = devices();
		if (boxes.isEmpty()) {
			return;
		}
		Box current = selectedBox();
		int index = current == null ? (direction > 0 ? -1 : 0) : boxes.indexOf(current);
		Box next = boxes.get(Math.floorMod(index + direction, boxes.size()));
		select(Set.of(next.id()));
	}

	private void paint(GC gc) {
		gc.setBackground(colour(Palette.BACKGROUND));
		gc.fillRectangle(canvas.getClientArea());
		gc.setAntialias(SWT.ON);
		gc.setTextAntialias(SWT.ON);
		double top = 0;
		if (message != null) {
			gc.setForeground(colour(Palette.MUTED));
			gc.setFont(font(11, false));
			gc.drawText(message, 8, 4, true);
			top = 24;
		}
		Transform transform = new Transform(gc.getDevice());
		try {
			transform.translate(0, (float) top);
			transform.scale((float) zoom, (float) zoom);
			gc.setTransform(transform);
			for (Shape shape : drawing.shapes()) {
				paint(gc, shape);
			}
			// the selection on top
			for (Box box : drawing.shapes(Box.class, "device")) {
				if (selected.contains(box.id())) {
					gc.setForeground(colour(Palette.HIGHLIGHT));
					gc.setLineWidth(3);
					gc.drawRectangle((int) box.x() - 2, (int) box.y() - 2, (int) box.w() + 4, (int) box.h() + 4);
				}
			}
		} finally {
			gc.setTransform(null);
			transform.dispose();
		}
	}

	private void paint(GC gc, Shape shape) {
		if (shape instanceof Box b) {
			gc.setBackground(colour(b.fill()));
			gc.fillRectangle((int) Math.round(b.x()), (int) Math.round(b.y()), (int) Math.round(b.w()),
					(int) Math.round(b.h()));
			if (b.strokeWidth() > 0) {
				gc.setForeground(colour(b.stroke()));
				gc.setLineWidth((int) Math.max(1, Math.round(b.strokeWidth())));
				gc.setLineStyle(SWT.LINE_SOLID);
				gc.drawRectangle((int) Math.round(b.x()), (int) Math.round(b.y()), (int) Math.round(b.w()),
						(int) Math.round(b.h()));
			}
		} else if (shape instanceof Label l) {
			gc.setForeground(colour(l.colour()));
			gc.setFont(font(l.size(), l.bold()));
			Point extent = gc.textExtent(l.text());
			double dx = switch (l.anchor()) {
			case START -> 0;
			case MIDDLE -> -extent.x / 2.0;
			case END -> -extent.x;
			};
			// labels are placed by their baseline, as in SVG
			double ascent = gc.getFontMetrics().getAscent();
			if (l.vertical()) {
				Transform saved = new Transform(gc.getDevice());
				gc.getTransform(saved);
				Transform rotated = new Transform(gc.getDevice());
				gc.getTransform(rotated);
				rotated.translate((float) l.x(), (float) l.y());
				rotated.rotate(-90);
				gc.setTransform(rotated);
				gc.drawText(l.text(), (int) dx, (int) -ascent, true);
				gc.setTransform(saved);
				rotated.dispose();
				saved.dispose();
			} else {
				gc.drawText(l.text(), (int) Math.round(l.x() + dx), (int) Math.round(l.y() - ascent), true);
			}
		} else if (shape instanceof Line l) {
			gc.setForeground(colour(l.colour()));
			gc.setLineWidth((int) Math.max(1, Math.round(l.width())));
			gc.setLineStyle(l.dashed() ? SWT.LINE_DASH : SWT.LINE_SOLID);
			int[] points = new int[l.points().size() * 2];
			for (int i = 0; i < l.points().size(); i++) {
				points[2 * i] = (int) Math.round(l.points().get(i)[0]);
				points[2 * i + 1] = (int) Math.round(l.points().get(i)[1]);
			}
			gc.drawPolyline(points);
			gc.setLineStyle(SWT.LINE_SOLID);
		}
	}

	private Color colour(int rgb) {
		return colours.computeIfAbsent(rgb,
				c -> new Color(canvas.getDisplay(), new RGB((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff)));
	}

	private Font font(double size, boolean bold) {
		// drawing units are pixels; SWT fonts are points (96 dpi: 1 pt = 4/3 px)
		int points = Math.max(5, (int) Math.round(size * 0.75));
		String key = points + (bold ? "b" : "");
		return fonts.computeIfAbsent(key, k -> {
			FontData data = canvas.getDisplay().getSystemFont().getFontData()[0];
			return new Font(canvas.getDisplay(), data.getName(), points, bold ? SWT.BOLD : SWT.NORMAL);
		});
	}
}
