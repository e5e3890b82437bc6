package org.underlay.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.underlay.peers.FileTrees;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import org.underlay.dsl.images.ImageCatalogue;

/**
 * Makes the installer environment and images from the build machine's Debian packages, with the scripts this bundle
 * carries ({@code scripts/}): nothing is downloaded from anywhere but the machine's own package sources.
 */
public final class ImageBuilder {

	/** The name {@code underlay images build} gives the installer. */
	public static final String INSTALLER = "installer";

	/** The images it can build. */
	public static final List<String> IMAGES = List.of("debian-12");

	private ImageBuilder() {
	}

	/** Builds {@code vmlinuz} and {@code initrd.gz} into {@code out}; {@code progress} hears the script's lines. */
	public static void installer(Path out, Duration timeout, Consumer<String> progress) throws BootException {
		run("build-installer.sh", List.of(out.toAbsolutePath().toString()), timeout, progress);
		for (String file : List.of("vmlinuz", "initrd.gz")) {
			if (!Files.isRegularFile(out.resolve(file))) {
				throw new BootException("the installer build made no " + file + " in " + out);
			}
		}
	}

	/**
	 * Builds image {@code name} into the catalogue folder {@code catalogue} and records it in the manifest (in place
	 * of an image of the same name); returns it as recorded.
	 */
	public static ImageCatalogue.Image image(String name, Path catalogue, Duration timeout, Consumer<String> progress)
			throws BootException {
		if (!IMAGES.contains(name)) {
			throw new BootException("no recipe for image '" + name + "'; there is one for: " + String.join(", ", IMAGES));
		}
		try {
			Files.createDirectories(catalogue);
		} catch (IOException e) {
			throw new BootException("cannot create " + catalogue + ": " + e.getMessage(), e);
		}
		List<String> lines = new ArrayList<>();
		run("build-debian-image.sh", List.of(name, catalogue.toAbsolutePath().toString()), timeout, line -> {
			lines.add(line);
			progress.accept(line);
		});
		ImageCatalogue.Image image = null;
		for (String line : lines) {
			if (line.startsWith("{")) {
				try {
					image = new Gson().fromJson(line, ImageCatalogue.Image.class);
				} catch (JsonParseException e) {
					throw new BootException("the image build printed a manifest line that is not JSON: " + line, e);
				}
			}
		}
		if (image == null || !name.equals(image.name())) {
			throw new BootException("the image build printed no manifest line for " + name);
		}
		ImageCatalogue existing;
		try {
			existing = ImageCatalogue.load(catalogue);
		} catch (IOException e) {
			existing = ImageCatalogue.empty(catalogue); // none yet, or one we replace
		}
		List<ImageCatalogue.Image> images = new ArrayList<>(existing.images().stream()
				.filter(i -> !i.name().equals(name)).toList());
		images.add(image);
		try {
			ImageCatalogue.write(catalogue, images);
			ImageCatalogue written = ImageCatalogue.load(catalogue);
			written.verify(written.find(name));
			return written.find(name);
		} catch (ImageCatalogue.CatalogueException e) {
			throw new BootException(e.getMessage(), e);
		} catch (IOException e) {
			throw new BootException("cannot write the manifest in " + catalogue + ": " + e.getMessage(), e);
		}
	}

	/** Runs one of the bundle's scripts with bash, in a temporary copy of the scripts folder. */
	private static void run(String script, List<String> args, Duration timeout, Consumer<String> progress)
			throws BootException {
		Path dir = null;
		Process process = null;
		try {
			dir = Files.createTempDirectory("underlay-scripts-");
			for (String file : List.of("build-installer.sh", "installer-init.sh", "udhcpc.script",
					"build-debian-image.sh")) {
				try (InputStream in = ImageBuilder.class.getResourceAsStream("/scripts/" + file)) {
					if (in == null) {
						throw new BootException("the product lacks its script " + file);
					}
					Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			List<String> command = new ArrayList<>(List.of("bash", dir.resolve(script).toString()));
			command.addAll(args);
			Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
			process = started;
			started.getOutputStream().close();
			Thread reader = new Thread(() -> {
				try (var in = started.inputReader()) {
					in.lines().forEach(progress);
				} catch (IOException e) {
					// the script ended
				}
			}, "underlay-image-build");
			reader.start();
			if (!started.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new BootException(script + " did not finish within " + timeout.toMinutes() + " min");
			}
			reader.join(5000);
			if (started.exitValue() != 0) {
				throw new BootException(script + " failed (exit " + started.exitValue() + "); its output is above");
			}
		} catch (IOException e) {
			throw new BootException("cannot run " + script + ": " + e.getMessage(), e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new BootException("interrupted while " + script + " ran");
		} finally {
			if (process != null && process.isAlive()) {
				// timed out or interrupted: no debootstrap left writing behind the operator's back
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
			if (dir != null) {
				FileTrees.deleteWhatCan(dir);
			}
		}
	}
}
