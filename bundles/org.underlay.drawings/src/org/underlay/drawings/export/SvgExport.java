package org.underlay.drawings.export;

import java.util.Locale;

import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing.Line;
import org.underlay.drawings.Drawing.Shape;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;

/**
 * A drawing as SVG 1.1: one {@code <rect>} per box, {@code <text>} per label, {@code <polyline>} per line. Device
 * boxes carry {@code data-kind} and {@code data-id} and a {@code <title>} tooltip, so a browser shows what a box is.
 */
public final class SvgExport {

	private SvgExport() {
	}

	public static String toSvg(Drawing drawing, String title) {
		StringBuilder svg = new StringBuilder(4096 + drawing.shapes().size() * 160);
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		svg.append(fragment(drawing, title));
		return svg.toString();
	}

	/** The {@code <svg>} element alone, to inline into HTML. */
	public static String fragment(Drawing drawing, String title) {
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
						+ " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%n",
				drawing.width(), drawing.height(), drawing.width(), drawing.height()));
		svg.append("<title>").append(escape(title)).append("</title>\n");
		svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"%s\"/>%n",
				drawing.width(), drawing.height(), Palette.hex(Palette.BACKGROUND)));
		for (Shape shape : drawing.shapes()) {
			if (shape instanceof Box b) {
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\""
								+ " stroke-width=\"%.1f\" data-kind=\"%s\" data-id=\"%s\"",
						b.x(), b.y(), b.w(), b.h(), Palette.hex(b.fill()), Palette.hex(b.stroke()), b.strokeWidth(),
						escape(b.kind()), escape(b.id())));
				if (b.tooltip() != null) {
					svg.append("><title>").append(escape(b.tooltip())).append("</title></rect>\n");
				} else {
					svg.append("/>\n");
				}
			} else if (shape instanceof Label l) {
				String anchor = switch (l.anchor()) {
				case START -> "start";
				case MIDDLE -> "middle";
				case END -> "end";
				};
				svg.append(String.format(Locale.ROOT,
						"<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" fill=\"%s\" text-anchor=\"%s\"%s%s"
								+ " data-kind=\"%s\">",
						l.x(), l.y(), l.size(), Palette.hex(l.colour()), anchor, l.bold() ? " font-weight=\"bold\"" : "",
						l.vertical() ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"", l.x(), l.y())
								: "",
						escape(l.kind())));
				svg.append(escape(l.text())).append("</text>\n");
			} else if (shape instanceof Line l) {
				StringBuilder points = new StringBuilder();
				for (double[] p : l.points()) {
					points.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
				}
				svg.append(String.format(Locale.ROOT,
						"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s data-kind=\"%s\""
								+ " data-id=\"%s\"/>%n",
						points.toString().trim(), Palette.hex(l.colour()), l.width(),
						l.dashed() ? " stroke-dasharray=\"6 3\"" : "", escape(l.kind()), escape(l.id())));
			}
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
			case '<' -> out.append("&lt;");
			case '>' -> out.append("&gt;");
			case '&' -> out.append("&amp;");
			case '"' -> out.append("&quot;");
			case '\'' -> out.append("&apos;");
			default -> {
				if (c >= 0x20 || c == '\n' || c == '\t') {
					out.append(c);
				}
			}
			}
		}
		return out.toString();
	}
}
