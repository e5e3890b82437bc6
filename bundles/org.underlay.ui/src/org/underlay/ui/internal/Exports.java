package org.underlay.ui.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.underlay.drawings.Drawing;
import org.underlay.drawings.elevation.Elevation;
import org.underlay.drawings.export.PngExport;
import org.underlay.drawings.export.SvgExport;
import org.underlay.dsl.underlay.Site;

/**
 * The views' Export… commands: a save dialog whose file type picks the format. Drawings are written as shown (room,
 * colouring, trace); sheets and the work package are made from the freshly parsed site. The same exporters as
 * {@code underlay export}.
 */
public final class Exports {

	/** A format: its file extension, a name for the dialog, and how to make it. */
	public record Format(String extension, String name, Function<Path, byte[]> content) {
	}

	private Exports() {
	}

	public static Format svg(Drawing drawing, String title) {
		return new Format("svg", "SVG drawing", path -> SvgExport.toSvg(drawing, title).getBytes(StandardCharsets.UTF_8));
	}

	public static Format png(Drawing drawing) {
		return new Format("png", "PNG image", path -> {
			var out = new ByteArrayOutputStream();
			try {
				PngExport.write(drawing, 2, out);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return out.toByteArray();
		});
	}

	/** A format made from the site the views show, freshly parsed by the tracker. */
	public static Format fromSite(DesignTracker tracker, String extension, String name, Function<Site, String> content) {
		return new Format(extension, name, path -> {
			String text = tracker.withSite(content);
			if (text == null) {
				throw new IllegalStateException("no site is shown");
			}
			return text.getBytes(StandardCharsets.UTF_8);
		});
	}

	/** The problems the snapshot found, for exports made from a fresh parse (devices are matched by name). */
	public static Elevation.Problems problems(DesignSnapshot snapshot) {
		Map<String, Elevation.Problem> byName = new HashMap<>();
		snapshot.racks().forEach(r -> r.placed().forEach(p -> {
			if (p.problem() != null) {
				byName.put(p.name(), p.problem());
			}
		}));
		return device -> byName.get(device.getName());
	}

	/** Asks where to save, then writes the chosen format; errors are shown, never thrown. */
	public static void run(Shell shell, String baseName, Format... formats) {
		Map<String, Format> byExtension = new LinkedHashMap<>();
		for (Format format : formats) {
			byExtension.put(format.extension(), format);
		}
		FileDialog dialog = new FileDialog(shell, SWT.SAVE);
		dialog.setText("Export");
		dialog.setOverwrite(true);
		dialog.setFilterExtensions(byExtension.keySet().stream().map(e -> "*." + e).toArray(String[]::new));
		dialog.setFilterNames(byExtension.values().stream().map(f -> f.name() + " (*." + f.extension() + ")")
				.toArray(String[]::new));
		dialog.setFileName(baseName + "." + formats[0].extension());
		String chosen = dialog.open();
		if (chosen == null) {
			return;
		}
		Path path = Path.of(chosen);
		Format format = byExtension.get(extension(path));
		if (format == null) {
			int index = Math.max(0, dialog.getFilterIndex());
			format = formats[Math.min(index, formats.length - 1)];
			path = Path.of(chosen + "." + format.extension());
		}
		try {
			write(format, path);
		} catch (IOException | RuntimeException e) {
			MessageDialog.openError(shell, "Export", "Cannot write " + path + ":\n" + e.getMessage());
		}
	}

	/** Writes one format to a file (the dialog's back half; tests call it directly). */
	public static void write(Format format, Path path) throws IOException {
		byte[] bytes = format.content().apply(path);
		try (OutputStream out = Files.newOutputStream(path)) {
			out.write(bytes);
		}
	}

	static String extension(Path path) {
		String name = path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}
