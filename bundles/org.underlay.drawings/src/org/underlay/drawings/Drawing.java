package org.underlay.drawings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A picture as plain data: boxes, texts and lines in pixels at zoom 1, each box tagged with the design element it
 * shows. One layout feeds every back end: the workbench paints it with SWT, exports write it as SVG or PNG, and
 * tests read it to check which device stands where.
 */
public final class Drawing {

	private final List<Shape> shapes = new ArrayList<>();
	private double width;
	private double height;

	/** A shape and what it shows: {@code kind} ("device", "rack", "link", "unit", ...), {@code id} ("device:web-01"). */
	public sealed interface Shape permits Box, Label, Line {
		String kind();

		String id();

		Object element();
	}

	public record Box(double x, double y, double w, double h, int fill, int stroke, double strokeWidth, String kind,
			String id, Object element, String tooltip) implements Shape {

		public boolean contains(double px, double py) {
			return px >= x && px <= x + w && py >= y && py <= y + h;
		}
	}

	public enum Anchor {
		START, MIDDLE, END
	}

	public record Label(double x, double y, String text, double size, boolean bold, int colour, Anchor anchor,
			boolean vertical, String kind, String id, Object element) implements Shape {
	}

	public record Line(List<double[]> points, int colour, double width, boolean dashed, String kind, String id,
			Object element) implements Shape {

		/** Distance from a point to the nearest segment. */
		public double distanceTo(double px, double py) {
			double best = Double.MAX_VALUE;
			for (int i = 1; i < points.size(); i++) {
				best = Math.min(best, segmentDistance(points.get(i - 1), points.get(i), px, py));
			}
			return best;
		}

		private static double segmentDistance(double[] a, double[] b, double px, double py) {
			double dx = b[0] - a[0];
			double dy = b[1] - a[1];
			double length = dx * dx + dy * dy;
			double t = length == 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / length));
			double x = a[0] + t * dx - px;
			double y = a[1] + t * dy - py;
			return Math.sqrt(x * x + y * y);
		}
	}

	public Drawing add(Shape shape) {
		shapes.add(Objects.requireNonNull(shape));
		if (shape instanceof Box b) {
			grow(b.x() + b.w(), b.y() + b.h());
		} else if (shape instanceof Label l) {
			grow(l.x() + (l.vertical() ? l.size() : l.text().length() * l.size() * 0.6), l.y() + l.size());
		} else if (shape instanceof Line l) {
			l.points().forEach(p -> grow(p[0], p[1]));
		}
		return this;
	}

	private void grow(double x, double y) {
		width = Math.max(width, x);
		height = Math.max(height, y);
	}

	/** Reserves room to the right and below (margins). */
	public void pad(double right, double bottom) {
		width += right;
		height += bottom;
	}

	public List<Shape> shapes() {
		return Collections.unmodifiableList(shapes);
	}

	public double width() {
		return width;
	}

	public double height() {
		return height;
	}

	/** The shapes of one kind, in drawing order. */
	public <T extends Shape> List<T> shapes(Class<T> type, String kind) {
		List<T> result = new ArrayList<>();
		for (Shape shape : shapes) {
			if (type.isInstance(shape) && shape.kind().equals(kind)) {
				result.add(type.cast(shape));
			}
		}
		return result;
	}

	/** The top-most box at a point whose kind is one of {@code kinds} (all kinds if none given), or null. */
	public Box boxAt(double x, double y, String... kinds) {
		for (int i = shapes.size() - 1; i >= 0; i--) {
			if (shapes.get(i) instanceof Box box && box.contains(x, y) && ofKind(box, kinds)) {
				return box;
			}
		}
		return null;
	}

	/** The line nearest to a point within {@code tolerance}, or null. */
	public Line lineNear(double x, double y, double tolerance) {
		Line best = null;
		double distance = tolerance;
		for (Shape shape : shapes) {
			if (shape instanceof Line line) {
				double d = line.distanceTo(x, y);
				if (d <= distance) {
					best = line;
					distance = d;
				}
			}
		}
		return best;
	}

	private static boolean ofKind(Shape shape, String... kinds) {
		if (kinds.length == 0) {
			return true;
		}
		for (String kind : kinds) {
			if (kind.equals(shape.kind())) {
				return true;
			}
		}
		return false;
	}
}
