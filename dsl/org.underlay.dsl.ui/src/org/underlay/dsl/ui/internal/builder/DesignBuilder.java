package org.underlay.dsl.ui.internal.builder;

import java.util.ArrayList;
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
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.DesignLoader;
import org.underlay.dsl.ui.UnderlayLanguage;

/**
 * Puts the problems of every design file of a project into the Problems view. The parsed design stays in memory
 * between builds: a change re-reads only the files that changed and the files that refer into them (so their links
 * are made afresh); then the whole design is validated, because design-wide rules (duplicate addresses or host
 * names) connect files that never import each other. An error caused in one file by another disappears when the
 * other is fixed.
 */
public class DesignBuilder extends IncrementalProjectBuilder {

	public static final String ID = "org.underlay.dsl.ui.builder";

	/** The parsed design of each project, kept between builds. */
	private static final Map<IProject, XtextResourceSet> DESIGNS = new ConcurrentHashMap<>();

	@Override
	protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
		IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(getProject());
		Set<URI> changed = new HashSet<>();
		if (delta != null) {
			delta.accept(d -> {
				if (d.getResource() instanceof IFile file && DesignFiles.EXTENSION.equals(file.getFileExtension())) {
					changed.add(uriOf(file));
				}
				return true;
			});
			if (changed.isEmpty()) {
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
		XtextResourceSet design = DESIGNS.get(project);
		if (design == null || changed == null) {
			design = UnderlayLanguage.get(XtextResourceSet.class);
			DESIGNS.put(project, design);
			changed = null;
		}
		Set<URI> reread = changed == null ? new HashSet<>(files.keySet()) : rereadSet(design, changed);
		for (Resource resource : List.copyOf(design.getResources())) {
			if (reread.contains(resource.getURI()) || !files.containsKey(resource.getURI())) {
				resource.unload();
				design.getResources().remove(resource);
			}
		}
		Set<URI> unreadable = DesignLoader
				.loadAll(design, () -> UnderlayLanguage.get(XtextResourceSet.class), files.keySet()).keySet();
		progress.split(files.size());
		IResourceValidator validator = UnderlayLanguage.get(IResourceValidator.class);
		for (Map.Entry<URI, IFile> file : files.entrySet()) {
			Resource resource = design.getResource(file.getKey(), false);
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

	/** The changed files plus every loaded file with a reference into one of them: its links must be made again. */
	private static Set<URI> rereadSet(XtextResourceSet design, Set<URI> changed) {
		Set<URI> reread = new HashSet<>(changed);
		for (Resource resource : design.getResources()) {
			if (changed.contains(resource.getURI())) {
				continue;
			}
			search: for (var it = resource.getAllContents(); it.hasNext();) {
				InternalEObject object = (InternalEObject) it.next();
				for (EReference reference : object.eClass().getEAllReferences()) {
					if (reference.isContainment() || reference.isContainer() || reference.isDerived()) {
						continue;
					}
					Object value = object.eGet(reference, false);
					for (Object target : value instanceof List<?> list ? list : new ArrayList<>(java.util.Collections.singletonList(value))) {
						if (target instanceof EObject eObject && pointsInto(eObject, changed)) {
							reread.add(resource.getURI());
							break search;
						}
					}
				}
			}
		}
		return reread;
	}

	private static boolean pointsInto(EObject target, Set<URI> changed) {
		if (target.eIsProxy()) {
			URI proxy = ((InternalEObject) target).eProxyURI();
			return proxy != null && changed.contains(proxy.trimFragment());
		}
		return target.eResource() != null && changed.contains(target.eResource().getURI());
	}

	static int severity(Severity severity) {
		return switch (severity) {
		case ERROR -> IMarker.SEVERITY_ERROR;
		case WARNING -> IMarker.SEVERITY_WARNING;
		default -> IMarker.SEVERITY_INFO;
		};
	}
}
