package org.underlay.ui.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.IPostSelectionProvider;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.validation.IResourceValidator;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.ui.UnderlayLanguage;
import org.underlay.dsl.ui.internal.EditorServices;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.Site;
import org.underlay.operations.drift.AcceptObserved;
import org.underlay.operations.drift.DriftFinding;

/**
 * Follows the design editor the user works in (its text, its caret, and saves of the design's other files) and
 * recomputes a {@link DesignSnapshot} in the background, a moment after the last keystroke. The workbench has one
 * tracker ({@link DesignTrackerAddon} puts it and its latest snapshot into the application's context), so every view
 * shows the same site and the same selection. Views that reveal an element go through {@link #reveal}: the editor
 * then selects it, and the caret move brings every view along.
 */
public final class DesignTracker {

	private final Consumer<DesignSnapshot> publisher;
	private final Display display;
	private volatile DesignSnapshot current = DesignSnapshot.empty("Open a design file (*.underlay) to see it here.");
	private ITextEditor editor;
	private IDocument document;
	private volatile String previousSite;
	private final Job job = new Job("Updating the design views") {
		@Override
		protected IStatus run(IProgressMonitor monitor) {
			compute();
			return Status.OK_STATUS;
		}
	};

	private final IDocumentListener documentListener = new IDocumentListener() {
		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			job.schedule(300);
		}
	};

	private final ISelectionChangedListener caretListener = event -> job.schedule(150);

	private final IResourceChangeListener workspaceListener = event -> {
		if (event.getDelta() == null) {
			return;
		}
		try {
			event.getDelta().accept(delta -> {
				if (delta.getResource() instanceof IFile file && DesignFiles.EXTENSION.equals(file.getFileExtension())) {
					job.schedule(300);
					return false;
				}
				return true;
			});
		} catch (CoreException e) {
			job.schedule(300);
		}
	};

	private final IPartListener2 partListener = new IPartListener2() {
		@Override
		public void partActivated(IWorkbenchPartReference ref) {
			follow(ref.getPart(false));
		}

		@Override
		public void partBroughtToTop(IWorkbenchPartReference ref) {
			follow(ref.getPart(false));
		}

		@Override
		public void partClosed(IWorkbenchPartReference ref) {
			if (ref.getPart(false) == editor) {
				unfollow();
				IWorkbenchPage page = ref.getPage();
				IEditorPart next = page == null ? null : page.getActiveEditor();
				if (next != null) {
					follow(next);
				} else {
					publish(DesignSnapshot.empty("Open a design file (*.underlay) to see it here."));
				}
			}
		}
	};

	/** @param publisher gets every newer snapshot, on the UI thread */
	DesignTracker(Display display, Consumer<DesignSnapshot> publisher) {
		this.display = display;
		this.publisher = publisher;
		job.setSystem(true);
		job.setPriority(Job.SHORT);
	}

	/**
	 * The workbench's tracker, from the application's context, for code outside it (tests); views and handlers get it
	 * injected.
	 */
	public static DesignTracker get() {
		return PlatformUI.getWorkbench().getService(IEclipseContext.class)
				.get(DesignTracker.class);
	}

	/** Follows the workbench window's editors from now on (UI thread, once the window is there). */
	void start() {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
			window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
		}
		if (window != null) {
			window.getPartService().addPartListener(partListener);
			if (window.getActivePage() != null) {
				follow(window.getActivePage().getActiveEditor());
			}
		}
		ResourcesPlugin.getWorkspace().addResourceChangeListener(workspaceListener,
				IResourceChangeEvent.POST_CHANGE);
	}

	/** Stops following the workspace (the workbench is shutting down). */
	void stop() {
		ResourcesPlugin.getWorkspace().removeResourceChangeListener(workspaceListener);
		job.cancel();
	}

	public DesignSnapshot current() {
		return current;
	}

	/** Recompute now (tests, explicit refresh). */
	public void refresh() {
		job.schedule();
	}

	/** Whether a recomputation is pending or running (tests wait for it). */
	public boolean busy() {
		return job.getState() != Job.NONE;
	}

	private void follow(Object part) {
		if (!(part instanceof ITextEditor text) || part == editor || !isDesign(text.getEditorInput())) {
			return;
		}
		unfollow();
		editor = text;
		document = text.getDocumentProvider().getDocument(text.getEditorInput());
		if (document != null) {
			document.addDocumentListener(documentListener);
		}
		ISelectionProvider provider = text.getSelectionProvider();
		if (provider instanceof IPostSelectionProvider post) {
			post.addPostSelectionChangedListener(caretListener);
		} else if (provider != null) {
			provider.addSelectionChangedListener(caretListener);
		}
		job.schedule();
	}

	private void unfollow() {
		if (editor != null) {
			if (document != null) {
				document.removeDocumentListener(documentListener);
			}
			ISelectionProvider provider = editor.getSelectionProvider();
			if (provider instanceof IPostSelectionProvider post) {
				post.removePostSelectionChangedListener(caretListener);
			} else if (provider != null) {
				provider.removeSelectionChangedListener(caretListener);
			}
		}
		editor = null;
		document = null;
	}

	private static boolean isDesign(IEditorInput input) {
		return input instanceof IFileEditorInput file && DesignFiles.EXTENSION.equals(file.getFile().getFileExtension());
	}

	/** On the job's thread: read the editor's state on the UI thread, parse and compute here. */
	private void compute() {
		record State(IDocument document, int caret, String file) {
		}
		State[] state = new State[1];
		display.syncExec(() -> {
			if (editor == null || document == null) {
				return;
			}
			int caret = editor.getSelectionProvider() != null
					&& editor.getSelectionProvider().getSelection() instanceof ITextSelection selection
							? selection.getOffset()
							: 0;
			IEditorInput input = editor.getEditorInput();
			String file = input instanceof IFileEditorInput f ? f.getFile().getFullPath().makeRelative().toString()
					: input.getName();
			state[0] = new State(document, caret, file);
		});
		if (state[0] == null) {
			return;
		}
		DesignSnapshot snapshot;
		try {
			IResourceValidator validator = UnderlayLanguage.get(IResourceValidator.class);
			List<String> otherFiles = otherFileErrors(state[0].file());
			snapshot = EditorServices.withParsed(state[0].document(),
					resource -> SnapshotBuilder.build(resource, state[0].file(), state[0].caret(), previousSite,
							validator, otherFiles));
		} catch (RuntimeException e) {
			// never a blank view or an exception dialog: say what happened, keep the log for developers
			ILog.of(getClass()).error("Cannot update the design views", e);
			snapshot = DesignSnapshot.empty("Cannot draw this design: " + e.getMessage());
		}
		if (snapshot.site() != null) {
			previousSite = snapshot.site();
		}
		publish(snapshot);
	}

	/**
	 * The errors the builder found in the other design files of the edited file's project (their saved text, which
	 * is what the design reads of them); a marker change schedules a recomputation like any change of a design file.
	 */
	private static List<String> otherFileErrors(String file) {
		IFile edited = ResourcesPlugin.getWorkspace().getRoot().getFile(new Path(file));
		List<String> errors = new ArrayList<>();
		if (edited.getProject() == null || !edited.getProject().isAccessible()) {
			return errors;
		}
		try {
			for (IMarker marker : edited.getProject().findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE)) {
				if (marker.getResource() instanceof IFile other && !other.equals(edited)
						&& DesignFiles.EXTENSION.equals(other.getFileExtension())
						&& marker.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR) {
					int line = marker.getAttribute(IMarker.LINE_NUMBER, 1);
					errors.add(SnapshotBuilder.errorLine(other.getProjectRelativePath().toString(), line, null,
							marker.getAttribute(IMarker.MESSAGE, ""), null));
				}
			}
		} catch (CoreException e) {
			errors.add(file + ":1:1: error: cannot read the problems of the design's other files: " + e.getMessage());
		}
		errors.sort(null);
		return errors;
	}

	private void publish(DesignSnapshot snapshot) {
		current = snapshot;
		if (!display.isDisposed()) {
			display.asyncExec(() -> {
				if (current == snapshot) {
					publisher.accept(snapshot);
				}
			});
		}
	}

	/**
	 * Runs {@code work} on the site the views show, freshly parsed within its design (exports need the whole model,
	 * environments included). Returns null when no site is shown.
	 */
	public <T> T withSite(Function<Site, T> work) {
		String site = current.site();
		IDocument shown = document;
		if (site == null || shown == null) {
			return null;
		}
		return EditorServices.withParsed(shown, resource -> {
			for (Resource r : List.copyOf(resource.getResourceSet().getResources())) {
				if (!r.getContents().isEmpty() && r.getContents().get(0) instanceof Design d) {
					for (var element : d.getElements()) {
						if (element instanceof Site s && site.equals(s.getName())) {
							return work.apply(s);
						}
					}
				}
			}
			return null;
		});
	}

	/**
	 * Writes what was observed into the design where the finding's design element states it
	 * ({@link AcceptObserved}): the edits go into the file's editor (opened if needed) as one undoable change, unsaved,
	 * so the operator reviews it. The result says what was written, or why nothing was.
	 */
	public AcceptObserved.Acceptance acceptObserved(DriftFinding finding) {
		AcceptObserved.Acceptance acceptance = withSite(site -> AcceptObserved.of(site, finding));
		if (acceptance == null) {
			return AcceptObserved.Acceptance.refused("No site design is open.");
		}
		if (!acceptance.accepted()) {
			return acceptance;
		}
		Map<String, List<AcceptObserved.TextEdit>> byFile = new LinkedHashMap<>();
		for (AcceptObserved.TextEdit edit : acceptance.edits()) {
			byFile.computeIfAbsent(edit.path(), p -> new ArrayList<>()).add(edit);
		}
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		for (Map.Entry<String, List<AcceptObserved.TextEdit>> file : byFile.entrySet()) {
			IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(new File(file.getKey()).toURI());
			if (files.length == 0 || window == null || window.getActivePage() == null) {
				return AcceptObserved.Acceptance.refused(file.getKey() + " is not in the workspace.");
			}
			try {
				if (!(IDE.openEditor(window.getActivePage(), files[0], true) instanceof ITextEditor text)) {
					return AcceptObserved.Acceptance.refused(files[0].getName() + " does not open in a text editor.");
				}
				IDocument target = text.getDocumentProvider().getDocument(text.getEditorInput());
				IRewriteTarget rewrite = text.getAdapter(IRewriteTarget.class);
				if (rewrite != null) {
					rewrite.beginCompoundChange(); // one undo step, however many places change
				}
				try {
					List<AcceptObserved.TextEdit> edits = new ArrayList<>(file.getValue());
					edits.sort(Comparator.comparingInt(AcceptObserved.TextEdit::offset).reversed());
					for (AcceptObserved.TextEdit edit : edits) {
						target.replace(edit.offset(), edit.length(), edit.text());
					}
				} finally {
					if (rewrite != null) {
						rewrite.endCompoundChange();
					}
				}
				AcceptObserved.TextEdit first = file.getValue().get(0);
				text.selectAndReveal(first.offset(), first.text().length());
			} catch (PartInitException | BadLocationException e) {
				ILog.of(getClass()).error("Cannot write the observed value into the design", e);
				return AcceptObserved.Acceptance.refused("Cannot write into " + files[0].getName() + ": " + e.getMessage());
			}
		}
		return acceptance;
	}

	/** Opens the file that declares {@code id} ("device:web-01") and selects its name. */
	public boolean reveal(String id) {
		DesignSnapshot.Declaration declaration = current.declarations().get(id);
		if (declaration == null) {
			return false;
		}
		IFile[] files = ResourcesPlugin.getWorkspace().getRoot()
				.findFilesForLocationURI(new File(declaration.path()).toURI());
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		if (files.length == 0 || window == null || window.getActivePage() == null) {
			return false;
		}
		try {
			IEditorPart part = IDE.openEditor(window.getActivePage(), files[0], true);
			if (part instanceof ITextEditor text) {
				text.selectAndReveal(declaration.offset(), declaration.length());
				return true;
			}
		} catch (PartInitException e) {
			ILog.of(getClass()).error("Cannot open " + files[0].getFullPath(), e);
		}
		return false;
	}
}
