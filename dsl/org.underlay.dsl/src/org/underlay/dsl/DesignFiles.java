package org.underlay.dsl;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.common.CommonPlugin;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

/**
 * Which files make up a design on disk: every {@code *.underlay} file below a design root (a project folder), leaving
 * out build output and hidden folders. Used alike by the editor, the CLI and the tests.
 */
public final class DesignFiles {

	public static final String EXTENSION = "underlay";
	private static final int MAX_DEPTH = 12;
	/** How far up from a file we look for the project folder ({@code .project}). */
	private static final int MAX_ROOT_LEVELS = 4;

	private DesignFiles() {
	}

	public static boolean isDesignFile(Path file) {
		return file.getFileName() != null && file.getFileName().toString().endsWith("." + EXTENSION);
	}

	/** All design files below {@code root}, sorted; an unreadable sub-folder is skipped. */
	public static List<Path> find(Path root) throws IOException {
		List<Path> files = new ArrayList<>();
		Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
				String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
				boolean skip = !dir.equals(root)
						&& (name.startsWith(".") || name.equals("target") || name.equals("bin"));
				return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				if (attrs.isRegularFile() && isDesignFile(file)) {
					files.add(file);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
				if (file.equals(root)) {
					throw exc;
				}
				return FileVisitResult.CONTINUE;
			}
		});
		files.sort(null);
		return files;
	}

	/**
	 * The design root of a file: the nearest enclosing folder with an Eclipse {@code .project}, else the file's own
	 * folder. The other files under it are what the file's imports can see.
	 */
	public static Path rootOf(Path file) {
		Path project = projectOf(file);
		return project != null ? project : file.toAbsolutePath().normalize().getParent();
	}

	/**
	 * The design root of a file read together with others (the rest of its design): the nearest enclosing folder
	 * with an Eclipse {@code .project}, else the deepest folder that holds all of them — a design folder without a
	 * project, as {@code underlay validate <folder>} reads it, is not the folder of each file.
	 */
	public static Path rootOf(Path file, Collection<Path> readTogether) {
		Path project = projectOf(file);
		if (project != null) {
			return project;
		}
		Path root = file.toAbsolutePath().normalize().getParent();
		for (Path other : readTogether) {
			Path absolute = other.toAbsolutePath().normalize();
			while (root != null && !absolute.startsWith(root)) {
				root = root.getParent();
			}
		}
		return root != null ? root : file.toAbsolutePath().normalize().getParent();
	}

	/**
	 * The folder a resource's design was read from (the root of its file among the design files of its resource set);
	 * null if it was not read from disk. Relative paths of the design (scripts, CA files) are relative to it.
	 */
	public static Path rootOf(Resource resource) {
		Path file = resource == null ? null : fileOf(resource.getURI(), true);
		if (file == null) {
			return null;
		}
		List<Path> readTogether = new ArrayList<>();
		if (resource.getResourceSet() != null) {
			for (Resource other : resource.getResourceSet().getResources()) {
				Path path = fileOf(other.getURI(), false);
				if (path != null && isDesignFile(path)) {
					readTogether.add(path);
				}
			}
		}
		return rootOf(file, readTogether);
	}

	/**
	 * The path of an absolute file URI (EMF counts relative URIs, such as a test's synthetic ones, as files too); the
	 * workbench's builder reads {@code platform:/resource} URIs, which the running platform maps to files.
	 */
	private static Path fileOf(URI uri, boolean mapPlatform) {
		URI local = uri != null && mapPlatform && uri.isPlatformResource() ? CommonPlugin.resolve(uri) : uri;
		return local != null && local.isFile() && !local.isRelative() ? Path.of(local.toFileString()) : null;
	}

	private static Path projectOf(Path file) {
		Path absolute = file.toAbsolutePath().normalize();
		int levels = 0;
		for (Path dir = absolute.getParent(); dir != null && levels++ < MAX_ROOT_LEVELS; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve(".project"))) {
				return dir;
			}
		}
		return null;
	}
}
