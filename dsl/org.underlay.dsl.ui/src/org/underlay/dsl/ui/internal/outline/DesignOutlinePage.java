package org.underlay.dsl.ui.internal.outline;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.ui.internal.EditorServices;
import org.underlay.dsl.underlay.Design;

/** The Outline of a design file: sites, rooms, racks, devices, networks, links, types; a click reveals the text. */
public class DesignOutlinePage extends ContentOutlinePage {

	private final ITextEditor editor;
	private final IDocumentListener listener = new IDocumentListener() {
		@Override
		public void documentAboutToBeChanged(DocumentEvent event) {
		}

		@Override
		public void documentChanged(DocumentEvent event) {
			refresh.schedule(400);
		}
	};
	private final Job refresh = Job.create("Updating the design outline", monitor -> {
		update();
		return Status.OK_STATUS;
	});
	private IDocument document;
	/** Other design files change what this one means (resolved types): follow them too. */
	private final IResourceChangeListener workspaceListener = event -> {
		if (event.getDelta() != null) {
			try {
				event.getDelta().accept(delta -> {
					if (delta.getResource() instanceof IFile file
							&& "underlay".equals(file.getFileExtension())) {
						refresh.schedule(400);
						return false;
					}
					return true;
				});
			} catch (CoreException e) {
				refresh.schedule(400);
			}
		}
	};

	public DesignOutlinePage(ITextEditor editor) {
		this.editor = editor;
		refresh.setSystem(true);
	}

	@Override
	public void createControl(Composite parent) {
		super.createControl(parent);
		TreeViewer viewer = getTreeViewer();
		viewer.setContentProvider(new ITreeContentProvider() {
			@Override
			public Object[] getElements(Object input) {
				return ((List<?>) input).toArray();
			}

			@Override
			public Object[] getChildren(Object parent) {
				return ((OutlineNode) parent).children().toArray();
			}

			@Override
			public Object getParent(Object element) {
				return null;
			}

			@Override
			public boolean hasChildren(Object element) {
				return !((OutlineNode) element).children().isEmpty();
			}
		});
		viewer.setLabelProvider(new LabelProvider() {
			@Override
			public String getText(Object element) {
				return ((OutlineNode) element).label();
			}
		});
		viewer.addSelectionChangedListener(event -> {
			if (event.getSelection() instanceof IStructuredSelection selection
					&& selection.getFirstElement() instanceof OutlineNode node) {
				editor.selectAndReveal(node.offset(), node.length());
			}
		});
		document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		if (document != null) {
			document.addDocumentListener(listener);
			ResourcesPlugin.getWorkspace().addResourceChangeListener(workspaceListener,
					IResourceChangeEvent.POST_CHANGE);
			refresh.schedule();
		}
	}

	private void update() {
		IDocument doc = document;
		if (doc == null) {
			return;
		}
		List<OutlineNode> nodes = nodes(doc);
		TreeViewer viewer = getTreeViewer();
		if (viewer == null || viewer.getControl().isDisposed()) {
			return;
		}
		viewer.getControl().getDisplay().asyncExec(() -> {
			if (!viewer.getControl().isDisposed()) {
				viewer.setInput(nodes);
				viewer.expandToLevel(4);
			}
		});
	}

	/** The outline of a document's text, parsed within its design. */
	public static List<OutlineNode> nodes(IDocument document) {
		return EditorServices.withParsed(document, (XtextResource resource) -> resource.getContents().isEmpty()
				? List.<OutlineNode>of()
				: OutlineNode.of((Design) resource.getContents().get(0)));
	}

	@Override
	public void dispose() {
		refresh.cancel();
		ResourcesPlugin.getWorkspace().removeResourceChangeListener(workspaceListener);
		if (document != null) {
			document.removeDocumentListener(listener);
		}
		super.dispose();
	}
}
