package org.underlay.drawings.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;

import javax.imageio.ImageIO;

import org.underlay.drawings.Drawing.Box;
import org.underlay.drawings.Drawing.Label;
import org.underlay.drawings.Drawing.Line;
import org.underlay.drawings.Drawing.Shape;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.Palette;

/** A drawing as a PNG, painted with Java2D (works headless: no display, no SWT). */
public final class PngExport {

	/** Keeps a huge design from asking for gigabytes of pixels. */
	static final int MAX_PIXELS = 60_000_000;

	private PngExport() {
	}

	public static BufferedImage toImage(Drawing drawing, double scale) {
		int width = (int) Math.ceil(drawing.width() * scale);
		int height = (int) Math.ceil(drawing.height() * scale);
		if ((long) width * height > MAX_PIXELS) {
			double fit = Math.sqrt((double) MAX_PIXELS / ((long) width * height));
			return toImage(drawing, scale * fit * 0.99);
		}
		BufferedImage image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(new Color(Palette.BACKGROUND));
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			g.scale(scale, scale);
			for (Shape shape : drawing.shapes()) {
				paint(g, shape);
			}
		} finally {
			g.dispose();
		}
		return image;
	}

	public static void write(Drawing drawing, double scale, OutputStream out) throws IOException {
		if (!ImageIO.write(toImage(drawing, scale), "png", out)) {
			throw new IOException("no PNG writer in this Java runtime");
		}
	}

	private static void paint(Graphics2D g, Shape shape) {
		if (shape instanceof Box b) {
			Rectangle2D rect = new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h());
			g.setColor(new Color(b.fill()));
			g.fill(rect);
			if (b.strokeWidth() > 0) {
				g.setColor(new Color(b.stroke()));
				g.setStroke(new BasicStroke((float) b.strokeWidth()));
				g.draw(rect);
			}
		} else if (shape instanceof Label l) {
			Font font = new Font(Font.SANS_SERIF, l.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) l.size());
			g.setFont(font);
			g.setColor(new Color(l.colour()));
			FontMetrics metrics = g.getFontMetrics();
			double width = metrics.stringWidth(l.text());
			double dx = switch (l.anchor()) {
			case START -> 0;
			case MIDDLE -> -width / 2;
			case END -> -width;
			};
			if (l.vertical()) {
				AffineTransform saved = g.getTransform();
				g.rotate(-Math.PI / 2, l.x(), l.y());
				g.drawString(l.text(), (float) (l.x() + dx), (float) l.y());
				g.setTransform(saved);
			} else {
				g.drawString(l.text(), (float) (l.x() + dx), (float) l.y());
			}
		} else if (shape instanceof Line l) {
			Path2D path = new Path2D.Double();
			path.moveTo(l.points().get(0)[0], l.points().get(0)[1]);
			for (int i = 1; i < l.points().size(); i++) {
				path.lineTo(l.points().get(i)[0], l.points().get(i)[1]);
			}
			g.setColor(new Color(l.colour()));
			g.setStroke(l.dashed()
					? new BasicStroke((float) l.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
							new float[] { 6, 3 }, 0)
					: new BasicStroke((float) l.width()));
			g.draw(path);
		}
	}
}
