package org.underlay.dsl.ui.internal;

import java.io.File;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.util.TextRegion;
import org.underlay.dsl.ui.UnderlayLanguage;

/** Go to definition (Ctrl+click, F3): from a reference to the element it names, in whichever design file. */
public class UnderlayHyperlinkDetector extends AbstractHyperlinkDetector {

	/** Where a reference at an offset leads: the file and the region of the target's name. */
	public record Target(URI uri, int offset, int length, IRegion source) {
	}

	@Override
	public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
		Target target = targetAt(viewer.getDocument(), region.getOffset());
		if (target == null) {
			return null;
		}
		return new IHyperlink[] { new IHyperlink() {
			@Override
			public IRegion getHyperlinkRegion() {
				return target.source();
			}

			@Override
			public String getTypeLabel() {
				return null;
			}

			@Override
			public String getHyperlinkText() {
				return "Open Declaration";
			}

			@Override
			public void open() {
				reveal(target);
			}
		} };
	}

	public static Target targetAt(IDocument document, int offset) {
		try {
			return EditorServices.withParsed(document, resource -> {
				EObjectAtOffsetHelper helper = UnderlayLanguage.get(EObjectAtOffsetHelper.class);
				EObject target = helper.resolveCrossReferencedElementAt(resource, offset);
				INode reference = helper.getCrossReferenceNode(resource, new TextRegion(offset, 0));
				if (target == null || target.eIsProxy() || target.eResource() == null || reference == null) {
					return null;
				}
				EStructuralFeature name = target.eClass().getEStructuralFeature("name");
				INode node = name == null || NodeModelUtils.findNodesForFeature(target, name).isEmpty()
						? NodeModelUtils.findActualNodeFor(target)
						: NodeModelUtils.findNodesForFeature(target, name).get(0);
				return new Target(target.eResource().getURI(), node.getOffset(), node.getLength(),
						new Region(reference.getOffset(), reference.getLength()));
			});
		} catch (RuntimeException e) {
			return null;
		}
	}

	/** Opens (or activates) the editor of the target's file and selects the target's name. */
	public static IEditorPart reveal(Target target) {
		IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
		try {
			IEditorPart editor;
			File file = target.uri().isFile() ? new File(target.uri().toFileString()) : null;
			IFile[] files = file == null ? new IFile[0]
					: ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(file.toURI());
			if (files.length > 0) {
				editor = IDE.openEditor(page, files[0], true);
			} else if (file != null) {
				editor = IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(file.toURI()));
			} else {
				return null;
			}
			if (editor instanceof ITextEditor text) {
				text.selectAndReveal(target.offset(), target.length());
			}
			return editor;
		} catch (PartInitException e) {
			return null;
		}
	}
}
