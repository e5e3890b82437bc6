package org.underlay.dsl.ui.internal.builder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.ui.UnderlayLanguage;

/**
 * Puts the problems of every design file of a project into the Problems view. A change to any design file
 * re-validates the whole project's design, so an error caused in one file by another disappears when the other is
 * fixed.
 */
public class DesignBuilder extends IncrementalProjectBuilder {

	public static final String ID = "org.underlay.dsl.ui.builder";

	@Override
	protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
		IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(getProject());
		if (delta != null && !touchesDesign(delta)) {
			return null;
		}
		validateProject(getProject(), monitor);
		return null;
	}

	@Override
	protected void clean(IProgressMonitor monitor) throws CoreException {
		getProject().deleteMarkers(DesignMarkers.TYPE, true, IResource.DEPTH_INFINITE);
	}

	static boolean touchesDesign(IResourceDelta delta) throws CoreException {
		boolean[] found = { false };
		delta.accept(d -> {
			if (d.getResource() instanceof IFile file && DesignFiles.EXTENSION.equals(file.getFileExtension())) {
				found[0] = true;
			}
			return !found[0];
		});
		return found[0];
	}

	/** Validates every design file of the project and replaces their markers. */
	public static void validateProject(IProject project, IProgressMonitor monitor) throws CoreException {
		List<IFile> files = new ArrayList<>();
		project.accept(resource -> {
			if (resource instanceof IFile file && DesignFiles.EXTENSION.equals(file.getFileExtension())) {
				files.add(file);
			}
			String name = resource.getName();
			return !(resource.getType() == IResource.FOLDER && (name.startsWith(".") || name.equals("target")));
		});
		SubMonitor progress = SubMonitor.convert(monitor, "Validating the design of " + project.getName(),
				files.size() * 2);
		XtextResourceSet resourceSet = UnderlayLanguage.get(XtextResourceSet.class);
		List<Resource> resources = new ArrayList<>();
		for (IFile file : files) {
			progress.split(1);
			try {
				resources.add(resourceSet.getResource(URI.createPlatformResourceURI(file.getFullPath().toString(), true), true));
			} catch (RuntimeException e) {
				resources.add(null); // unreadable: its marker says so below
			}
		}
		IResourceValidator validator = UnderlayLanguage.get(IResourceValidator.class);
		for (int i = 0; i < files.size(); i++) {
			IFile file = files.get(i);
			Resource resource = resources.get(i);
			List<Issue> issues = resource == null ? List.of()
					: validator.validate(resource, CheckMode.ALL, () -> progress.isCanceled());
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			DesignMarkers.replace(file, issues, resource == null ? "Cannot read " + file.getName() : null);
			progress.split(1);
		}
		for (Resource resource : resourceSet.getResources()) {
			resource.unload();
		}
	}

	static int severity(Severity severity) {
		return switch (severity) {
		case ERROR -> IMarker.SEVERITY_ERROR;
		case WARNING -> IMarker.SEVERITY_WARNING;
		default -> IMarker.SEVERITY_INFO;
		};
	}
}
