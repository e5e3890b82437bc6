package org.underlay.dsl.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;

/**
 * A folder of images with a {@code manifest.json} naming each: {@code os.image} names an image by its name. The
 * design's catalogue is the folder {@code images} beside its files (see {@link #near}); the validator checks every
 * {@code os.image} against it and the boot service serves from it. The manifest is read once; the files are checked
 * (size, and on request the sha256) before they are served.
 *
 * @param folder the folder the manifest and the files are in
 * @param images the images, as listed
 */
public record ImageCatalogue(Path folder, List<Image> images) {

	/** The manifest's name in the folder. */
	public static final String MANIFEST = "manifest.json";

	private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	/**
	 * One image.
	 *
	 * @param name      what {@code os.image} calls it
	 * @param version   its version, for the operator
	 * @param file      its file in the folder (a plain name)
	 * @param format    {@code raw.gz}: a whole-disk image, gzip-compressed
	 * @param sha256    of the file
	 * @param size      of the file, in bytes
	 * @param diskBytes the disk it needs, in bytes
	 */
	public record Image(String name, String version, String file, String format, String sha256, long size,
			@SerializedName("disk-bytes") long diskBytes) {
	}

	private record Manifest(List<Image> images) {
	}

	/** Why a catalogue or an image cannot be used, in words for the operator. */
	public static final class CatalogueException extends IOException {

		private static final long serialVersionUID = 1L;

		public CatalogueException(String message) {
			super(message);
		}

		public CatalogueException(String message, Throwable cause) {
			super(message, cause);
		}
	}

	/** The folder a design's catalogue lives in, beside its files. */
	public static final String FOLDER = "images";

	/**
	 * The catalogue of the design a file belongs to: {@code images/manifest.json} in the file's folder or the
	 * nearest folder above it that has one; null when none has.
	 */
	public static Path near(Path file) {
		for (Path dir = file.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve(FOLDER).resolve(MANIFEST))) {
				return dir.resolve(FOLDER);
			}
		}
		return null;
	}

	/** An empty catalogue: every {@code os.image} is unknown. */
	public static ImageCatalogue empty(Path folder) {
		return new ImageCatalogue(folder, List.of());
	}

	/** Reads {@code folder/manifest.json}; an image with a missing or malformed field is an error naming it. */
	public static ImageCatalogue load(Path folder) throws CatalogueException {
		Path manifest = folder.resolve(MANIFEST);
		if (!Files.isRegularFile(manifest)) {
			throw new CatalogueException("no image catalogue in " + folder + " (" + MANIFEST + " is missing)");
		}
		Manifest read;
		try {
			read = new Gson().fromJson(Files.readString(manifest, StandardCharsets.UTF_8), Manifest.class);
		} catch (IOException | JsonParseException e) {
			throw new CatalogueException("cannot read " + manifest + ": " + e.getMessage(), e);
		}
		List<Image> images = new ArrayList<>();
		for (Image image : read == null || read.images() == null ? List.<Image>of() : read.images()) {
			String problem = problem(image);
			if (problem != null) {
				throw new CatalogueException(manifest + ": " + problem);
			}
			images.add(image);
		}
		return new ImageCatalogue(folder, List.copyOf(images));
	}

	private static String problem(Image image) {
		if (image == null || image.name() == null || !FILE.matcher(image.name()).matches()) {
			return "an image without a valid name";
		}
		if (image.file() == null || !FILE.matcher(image.file()).matches()) {
			return "image " + image.name() + " has no valid file name (a plain name in the folder)";
		}
		if (!"raw.gz".equals(image.format())) {
			return "image " + image.name() + " has format '" + image.format() + "'; supported: raw.gz";
		}
		if (image.sha256() == null || !SHA256.matcher(image.sha256()).matches()) {
			return "image " + image.name() + " has no sha256 (64 lower-case hex digits)";
		}
		if (image.size() <= 0 || image.diskBytes() <= 0) {
			return "image " + image.name() + " needs a size and disk-bytes";
		}
		return null;
	}

	/** The image named {@code name}, or null. */
	public Image find(String name) {
		return images.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
	}

	/** The image's file, after checking it is there with the size the manifest gives. */
	public Path file(Image image) throws CatalogueException {
		Path file = folder.resolve(image.file());
		long size;
		try {
			size = Files.size(file);
		} catch (IOException e) {
			throw new CatalogueException("image " + image.name() + ": cannot read " + file, e);
		}
		if (size != image.size()) {
			throw new CatalogueException("image " + image.name() + ": " + file + " has " + size
					+ " bytes, the manifest says " + image.size());
		}
		return file;
	}

	/** Reads the whole file and compares its sha256 with the manifest's. */
	public void verify(Image image) throws CatalogueException {
		Path file = file(image);
		String actual = sha256(file);
		if (!actual.equals(image.sha256())) {
			throw new CatalogueException("image " + image.name() + ": checksum mismatch (" + file + " has sha256 " + actual
					+ ", the manifest says " + image.sha256() + ")");
		}
	}

	/** Writes the manifest for {@code images} into {@code folder}. */
	public static void write(Path folder, List<Image> images) throws IOException {
		Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
		Files.writeString(folder.resolve(MANIFEST), gson.toJson(new Manifest(images)) + "\n", StandardCharsets.UTF_8);
	}

	/** The file's sha256, in lower-case hex. */
	public static String sha256(Path file) throws CatalogueException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, n);
			}
			return HexFormat.of().formatHex(digest.digest());
		} catch (IOException e) {
			throw new CatalogueException("cannot read " + file + ": " + e.getMessage(), e);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
