package org.underlay.app.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

/**
 * First start: copies the example projects shipped in the product's {@code examples/} folder into the workspace,
 * and opens the example's site design. Runs once per workspace; a deleted example stays deleted.
 */
public final class ExampleImport {

	/** Overrides where the examples are read from (the tests point it at the repository's examples/). */
	public static final String EXAMPLES_PROPERTY = "underlay.examples";
	static final String DONE_KEY = "examplesImported";
	static final String PLUGIN_ID = "org.underlay.app";

	private ExampleImport() {
	}

	static void scheduleOnFirstStart(IWorkbench workbench) {
		Preferences preferences = InstanceScope.INSTANCE.getNode(PLUGIN_ID);
		Path examples = examplesFolder();
		if (examples == null || preferences.getBoolean(DONE_KEY, false)) {
			return;
		}
		Job job = Job.create("Importing the example design", monitor -> {
			try {
				List<IProject> projects = importProjects(examples, monitor);
				preferences.putBoolean(DONE_KEY, true);
				preferences.flush();
				IFile design = projects.isEmpty() ? null : mainDesign(projects.get(0));
				if (design != null) {
					workbench.getDisplay().asyncExec(() -> open(workbench, design));
				}
				return Status.OK_STATUS;
			} catch (CoreException | IOException | BackingStoreException e) {
				return Status.error("Could not import the example design from " + examples + ": " + e.getMessage(), e);
			}
		});
		job.setRule(ResourcesPlugin.getWorkspace().getRoot());
		job.setUser(false);
		job.schedule();
	}

	/** The examples folder: the system property, else {@code examples/} beside the product's plugins. */
	public static Path examplesFolder() {
		String property = System.getProperty(EXAMPLES_PROPERTY);
		if (property != null && !property.isBlank()) {
			Path path = Path.of(property);
			return Files.isDirectory(path) ? path : null;
		}
		URL install = Platform.getInstallLocation() == null ? null : Platform.getInstallLocation().getURL();
		if (install == null) {
			return null;
		}
		try {
			Path path = Path.of(install.toURI()).resolve("examples");
			return Files.isDirectory(path) ? path : null;
		} catch (URISyntaxException | IllegalArgumentException e) {
			return null;
		}
	}

	/** Copies every example project (a folder with a .project) into the workspace that does not have it yet. */
	public static List<IProject> importProjects(Path examples, IProgressMonitor monitor)
			throws CoreException, IOException {
		IWorkspace workspace = ResourcesPlugin.getWorkspace();
		List<Path> folders;
		try (Stream<Path> children = Files.list(examples)) {
			folders = children.filter(dir -> Files.isRegularFile(dir.resolve(".project"))).sorted().toList();
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Importing examples", folders.size() * 2);
		List<IProject> projects = new ArrayList<>();
		for (Path folder : folders) {
			IProjectDescription description = workspace
					.loadProjectDescription(IPath.fromOSString(folder.resolve(".project").toString()));
			IProject project = workspace.getRoot().getProject(description.getName());
			if (!project.exists()) {
				Path target = workspace.getRoot().getLocation().toPath().resolve(description.getName());
				copyTree(folder, target);
				description.setLocation(null);
				project.create(description, progress.split(1));
			} else {
				progress.worked(1);
			}
			project.open(progress.split(1));
			project.refreshLocal(IResource.DEPTH_INFINITE, null);
			projects.add(project);
		}
		return projects;
	}

	/**
	 * The design to show first: the project preference {@code open.on.import} of {@code org.underlay.app}, else the
	 * first file under sites/, else the project's first design file.
	 */
	public static IFile mainDesign(IProject project) throws CoreException {
		String preferred = new ProjectScope(project).getNode(PLUGIN_ID)
				.get("open.on.import", null);
		if (preferred != null && project.getFile(preferred).exists()) {
			return project.getFile(preferred);
		}
		List<IFile> designs = new ArrayList<>();
		project.accept(resource -> {
			if (resource instanceof IFile file && "underlay".equals(file.getFileExtension())) {
				designs.add(file);
			}
			return true;
		});
		designs.sort((a, b) -> a.getProjectRelativePath().toString().compareTo(b.getProjectRelativePath().toString()));
		return designs.stream().filter(f -> f.getProjectRelativePath().segment(0).equals("sites")).findFirst()
				.orElse(designs.isEmpty() ? null : designs.get(0));
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path source : (Iterable<Path>) paths::iterator) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				} else if (!Files.exists(target)) {
					Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
	}

	private static void open(IWorkbench workbench, IFile design) {
		IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
		if (window == null && workbench.getWorkbenchWindowCount() > 0) {
			window = workbench.getWorkbenchWindows()[0];
		}
		if (window == null || window.getActivePage() == null) {
			return;
		}
		try {
			IDE.openEditor(window.getActivePage(), design, true);
		} catch (PartInitException e) {
			ILog.of(ExampleImport.class).log(new Status(IStatus.ERROR, PLUGIN_ID, "Could not open " + design, e));
		}
	}
}
