package org.underlay.dsl.ui.internal.builder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IReferenceDescription;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsData;
import org.eclipse.xtext.resource.persistence.SerializableResourceDescription;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.ui.UnderlayLanguage;

/**
 * Puts the problems of every design file of a project into the Problems view. The parsed design stays in memory
 * between builds together with its Xtext index ({@link ResourceDescriptionsData}: per file the names it exports, the
 * names it imports and the objects it links to). A change re-reads the files that changed, compares their old and
 * new descriptions, and re-reads the files the index says are affected (they link into a changed file, or use a name
 * whose meaning changed) so their links are made afresh; then the whole design is validated, because design-wide rules (duplicate addresses or host
 * names) connect files that never import each other. An error caused in one file by another disappears when the
 * other is fixed.
 */
public class DesignBuilder extends IncrementalProjectBuilder {

	public static final String ID = "org.underlay.dsl.ui.builder";

	/** The parsed design of each project, kept between builds. */
	private static final Map<IProject, ProjectDesign> DESIGNS = new ConcurrentHashMap<>();

	/** A closed or deleted project's design is dropped from memory. */
	private static final IResourceChangeListener FORGET = event -> {
		if (event.getResource() instanceof IProject project) {
			forget(project);
		}
	};

	static {
		ResourcesPlugin.getWorkspace().addResourceChangeListener(FORGET,
				IResourceChangeEvent.PRE_CLOSE | IResourceChangeEvent.PRE_DELETE);
	}

	@Override
	protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
		IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(getProject());
		Set<URI> changed = new HashSet<>();
		boolean[] filesCameOrWent = { false };
		if (delta != null) {
			delta.accept(d -> {
				if (d.getResource() instanceof IFile file && DesignFiles.EXTENSION.equals(file.getFileExtension())) {
					changed.add(uriOf(file));
				} else if (d.getResource() instanceof IFile
						&& (d.getKind() == IResourceDelta.ADDED || d.getKind() == IResourceDelta.REMOVED)) {
					// a script a step names may have come or gone: validate again, nothing to read again
					filesCameOrWent[0] = true;
				}
				String name = d.getResource().getName();
				return !(d.getResource().getType() == IResource.FOLDER
						&& (name.startsWith(".") || name.equals("target")));
			});
			if (changed.isEmpty() && !filesCameOrWent[0]) {
				return null;
			}
		}
		validateProject(getProject(), delta == null ? null : changed, monitor);
		return null;
	}

	@Override
	protected void clean(IProgressMonitor monitor) throws CoreException {
		DESIGNS.remove(getProject());
		getProject().deleteMarkers(DesignMarkers.TYPE, true, IResource.DEPTH_INFINITE);
	}

	static URI uriOf(IFile file) {
		return URI.createPlatformResourceURI(file.getFullPath().toString(), true);
	}

	/**
	 * Brings the project's parsed design up to date ({@code changed} null: read everything again) and replaces the
	 * markers of every design file.
	 */
	public static void validateProject(IProject project, Set<URI> changed, IProgressMonitor monitor)
			throws CoreException {
		Map<URI, IFile> files = new LinkedHashMap<>();
		project.accept(resource -> {
			if (resource instanceof IFile file && DesignFiles.EXTENSION.equals(file.getFileExtension())) {
				files.put(uriOf(file), file);
			}
			String name = resource.getName();
			return !(resource.getType() == IResource.FOLDER && (name.startsWith(".") || name.equals("target")));
		});
		SubMonitor progress = SubMonitor.convert(monitor, "Validating the design of " + project.getName(),
				files.size() * 2);
		ProjectDesign design = DESIGNS.get(project);
		if (design == null || changed == null) {
			design = new ProjectDesign(UnderlayLanguage.get(XtextResourceSet.class), new ResourceDescriptionsData(List.of()));
			DESIGNS.put(project, design);
			changed = null;
		}
		Set<URI> unreadable = new HashSet<>();
		if (changed == null) {
			unreadable.addAll(reload(design, files.keySet(), files.keySet()));
		} else {
			Set<URI> gone = new HashSet<>(design.index.getAllURIs());
			gone.removeAll(files.keySet());
			Set<URI> touched = new HashSet<>(changed);
			touched.addAll(gone);
			// the files that changed first, so that their new exported names are known ...
			List<IResourceDescription.Delta> deltas = new ArrayList<>();
			Map<URI, IResourceDescription> before = new HashMap<>();
			for (URI uri : touched) {
				before.put(uri, design.index.getResourceDescription(uri));
			}
			unreadable.addAll(reload(design, touched, files.keySet()));
			for (URI uri : touched) {
				deltas.add(manager().createDelta(before.get(uri), design.index.getResourceDescription(uri)));
			}
			// ... then every file the index says is affected: it links into a changed file, or it refers to a
			// name whose meaning changed
			Set<URI> affected = affected(design.index, touched, deltas);
			unreadable.addAll(reload(design, affected, files.keySet()));
		}
		progress.split(files.size());
		IResourceValidator validator = UnderlayLanguage.get(IResourceValidator.class);
		for (Map.Entry<URI, IFile> file : files.entrySet()) {
			Resource resource = design.resources.getResource(file.getKey(), false);
			List<Issue> issues = resource == null ? List.of()
					: validator.validate(resource, CheckMode.ALL, () -> progress.isCanceled());
			if (progress.isCanceled()) {
				DESIGNS.remove(project); // half-updated: read everything next time
				throw new OperationCanceledException();
			}
			DesignMarkers.replace(file.getValue(), issues,
					unreadable.contains(file.getKey()) ? "Cannot read " + file.getValue().getName() : null);
			progress.split(1);
		}
	}

	/** Drops a project's parsed design (closed, deleted or cleaned). */
	public static void forget(IProject project) {
		DESIGNS.remove(project);
	}

	/** For tests: the URIs the project's index knows, and what each of them links to. */
	public static Map<URI, Set<URI>> indexOf(IProject project) {
		ProjectDesign design = DESIGNS.get(project);
		Map<URI, Set<URI>> result = new LinkedHashMap<>();
		if (design != null) {
			for (IResourceDescription description : design.index.getAllResourceDescriptions()) {
				result.put(description.getURI(), targetsOf(description));
			}
		}
		return result;
	}

	/**
	 * Unloads {@code uris}, reads those still in the project again (several at a time), links them and records
	 * their descriptions in the index. Returns the files that could not be read.
	 */
	private static Set<URI> reload(ProjectDesign design, Set<URI> uris, Set<URI> present) {
		XtextResourceSet resources = design.resources;
		for (URI uri : uris) {
			Resource resource = resources.getResource(uri, false);
			if (resource != null) {
				resource.unload();
				resources.getResources().remove(resource);
			}
			design.index.removeDescription(uri);
		}
		List<URI> read = uris.stream().filter(present::contains).toList();
		Set<URI> unreadable = DesignLoader.loadAll(resources, () -> UnderlayLanguage.get(XtextResourceSet.class), read)
				.keySet();
		for (URI uri : read) {
			Resource resource = resources.getResource(uri, false);
			if (resource != null) {
				EcoreUtil2.resolveLazyCrossReferences(resource, CancelIndicator.NullImpl);
				design.index.addDescription(uri,
						SerializableResourceDescription.createCopy(manager().getResourceDescription(resource)));
			}
		}
		return unreadable;
	}

	/**
	 * Files of the index, other than {@code touched}, that link into a touched file, or import a name a touched file
	 * exported before or exports now (an unresolved reference that may now resolve, or a resolved one that may now
	 * be ambiguous or gone). One project is one container: every file sees every other.
	 */
	private static Set<URI> affected(ResourceDescriptionsData index, Set<URI> touched,
			List<IResourceDescription.Delta> deltas) {
		Set<QualifiedName> names = new HashSet<>();
		for (IResourceDescription.Delta delta : deltas) {
			if (delta.haveEObjectDescriptionsChanged()) {
				for (IResourceDescription side : new IResourceDescription[] { delta.getOld(), delta.getNew() }) {
					if (side != null) {
						side.getExportedObjects().forEach(o -> names.add(o.getName().toLowerCase()));
					}
				}
			}
		}
		Set<URI> affected = new HashSet<>();
		for (IResourceDescription candidate : index.getAllResourceDescriptions()) {
			URI uri = candidate.getURI();
			if (touched.contains(uri)) {
				continue;
			}
			Set<URI> targets = targetsOf(candidate);
			targets.retainAll(touched);
			if (!targets.isEmpty() || importsAny(candidate, names)) {
				affected.add(uri);
			}
		}
		return affected;
	}

	private static boolean importsAny(IResourceDescription candidate, Set<QualifiedName> names) {
		for (QualifiedName imported : candidate.getImportedNames()) {
			if (names.contains(imported.toLowerCase())) {
				return true;
			}
		}
		return false;
	}

	private static Set<URI> targetsOf(IResourceDescription description) {
		Set<URI> targets = new HashSet<>();
		for (IReferenceDescription reference : description.getReferenceDescriptions()) {
			if (reference.getTargetEObjectUri() != null) {
				targets.add(reference.getTargetEObjectUri().trimFragment());
			}
		}
		return targets;
	}

	/** A project's parsed design and its index: per file, the names it exports and imports and where it links. */
	private record ProjectDesign(XtextResourceSet resources, ResourceDescriptionsData index) {
	}

	private static IResourceDescription.Manager manager() {
		return UnderlayLanguage.get(IResourceDescription.Manager.class);
	}

	static int severity(Severity severity) {
		return switch (severity) {
		case ERROR -> IMarker.SEVERITY_ERROR;
		case WARNING -> IMarker.SEVERITY_WARNING;
		default -> IMarker.SEVERITY_INFO;
		};
	}
}
