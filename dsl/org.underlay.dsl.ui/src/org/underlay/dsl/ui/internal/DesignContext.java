package org.underlay.dsl.ui.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.ui.UnderlayLanguage;

/**
 * The design an open document belongs to: every {@code .underlay} file of its project (or, outside the workspace, of
 * its folder), so that imports across files resolve while editing. One resource set per project, used under its
 * lock; other files are re-read only when they change on disk, the edited document is re-parsed from its text.
 */
final class DesignContext {

	private static final Map<Path, DesignContext> CONTEXTS = new ConcurrentHashMap<>();

	private final Path root;
	private final XtextResourceSet resourceSet;
	private final Map<URI, Long> stamps = new HashMap<>();

	private DesignContext(Path root) {
		this.root = root;
		this.resourceSet = UnderlayLanguage.get(XtextResourceSet.class);
	}

	/** A document with the URI it is validated under and the design it belongs to. */
	record Located(DesignContext context, URI uri) {
	}

	static Located locate(IDocument document) {
		File file = fileOf(document);
		if (file == null) {
			// not backed by a file (a compare viewer, a test): validate on its own
			return new Located(new DesignContext(null), URI.createURI("inmemory:/document." + DesignFiles.EXTENSION));
		}
		Path path = file.toPath().toAbsolutePath().normalize();
		Path root = rootOf(path);
		return new Located(CONTEXTS.computeIfAbsent(root, DesignContext::new), URI.createFileURI(path.toString()));
	}

	/** Parses {@code text} as the resource {@code uri} of this design and hands it to {@code work}. */
	synchronized <T> T withDocument(URI uri, String text, Function<XtextResource, T> work) {
		refreshOtherFiles(uri);
		XtextResource resource = (XtextResource) resourceSet.getResource(uri, false);
		try {
			if (resource == null) {
				resource = (XtextResource) resourceSet.createResource(uri);
				resource.reparse(text);
			} else {
				resource.reparse(text);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		// the file on disk no longer describes this resource: re-read it once the editor is gone
		stamps.remove(uri);
		return work.apply(resource);
	}

	/**
	 * A resource set of its own with every file of the design freshly read and fully linked, the document taken
	 * from its text: for whole-design operations (rename) that must not see references resolved earlier.
	 */
	XtextResourceSet freshDesign(URI documentUri, String text) {
		XtextResourceSet fresh = UnderlayLanguage.get(XtextResourceSet.class);
		if (root != null) {
			List<URI> others = new ArrayList<>();
			for (Path file : underlayFiles(root)) {
				URI uri = URI.createFileURI(file.toString());
				if (!uri.equals(documentUri)) {
					others.add(uri);
				}
			}
			// an unreadable file cannot refer to anything
			DesignLoader.loadAll(fresh, () -> UnderlayLanguage.get(XtextResourceSet.class), others);
		}
		XtextResource resource = (XtextResource) fresh.createResource(documentUri);
		try {
			resource.reparse(text);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		EcoreUtil.resolveAll(fresh);
		return fresh;
	}

	private void refreshOtherFiles(URI documentUri) {
		if (root == null) {
			return;
		}
		Set<URI> present = new HashSet<>();
		Map<URI, Long> reread = new LinkedHashMap<>();
		for (Path file : underlayFiles(root)) {
			URI uri = URI.createFileURI(file.toString());
			if (uri.equals(documentUri)) {
				continue;
			}
			present.add(uri);
			long stamp = file.toFile().lastModified() ^ file.toFile().length();
			Long known = stamps.get(uri);
			Resource resource = resourceSet.getResource(uri, false);
			if (known != null && known == stamp && resource != null) {
				continue;
			}
			if (resource != null) {
				resource.unload();
				resourceSet.getResources().remove(resource);
			}
			reread.put(uri, stamp);
		}
		// an unreadable file is left out: its own editor or the CLI reports it
		Map<URI, Exception> unreadable = DesignLoader.loadAll(resourceSet,
				() -> UnderlayLanguage.get(XtextResourceSet.class), reread.keySet());
		reread.forEach((uri, stamp) -> {
			if (!unreadable.containsKey(uri)) {
				stamps.put(uri, stamp);
			}
		});
		for (Resource resource : new ArrayList<>(resourceSet.getResources())) {
			URI uri = resource.getURI();
			if (!uri.equals(documentUri) && uri.isFile() && !present.contains(uri) && stamps.containsKey(uri)) {
				resource.unload();
				resourceSet.getResources().remove(resource);
				stamps.remove(uri);
			}
		}
	}

	private static List<Path> underlayFiles(Path root) {
		try {
			return DesignFiles.find(root).stream().map(p -> p.toAbsolutePath().normalize()).toList();
		} catch (IOException e) {
			return List.of(); // the project folder vanished: only the open document is left
		}
	}

	private static File fileOf(IDocument document) {
		ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
		if (buffer == null) {
			return null;
		}
		try {
			return buffer.getFileStore().toLocalFile(EFS.NONE, null);
		} catch (CoreException e) {
			return null;
		}
	}

	/** The project folder of a workspace file, else the design root on disk. */
	private static Path rootOf(Path file) {
		try {
			for (IResource resource : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toUri())) {
				if (resource.getProject() != null && resource.getProject().getLocation() != null) {
					return resource.getProject().getLocation().toPath();
				}
			}
		} catch (IllegalStateException e) {
			// no workspace (plain editor use): fall through to the file system
		}
		return DesignFiles.rootOf(file);
	}
}
