package org.underlay.dsl.ui.internal;

import java.util.function.Function;

import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.resource.XtextResource;

/** Entry for editor parts outside this package (outline, fixes): a document parsed and linked within its design. */
public final class EditorServices {

	private EditorServices() {
	}

	/** The text editor and caret offset a command runs on, or null outside a text editor. */
	public record Caret(org.eclipse.ui.texteditor.ITextEditor editor, IDocument document, int offset) {
	}

	public static Caret caret(org.eclipse.core.commands.ExecutionEvent event) {
		org.eclipse.ui.IEditorPart part = org.eclipse.ui.handlers.HandlerUtil.getActiveEditor(event);
		if (part instanceof org.eclipse.ui.texteditor.ITextEditor editor
				&& editor.getSelectionProvider().getSelection() instanceof org.eclipse.jface.text.ITextSelection selection) {
			return new Caret(editor, editor.getDocumentProvider().getDocument(editor.getEditorInput()),
					selection.getOffset());
		}
		return null;
	}

	public static <T> T withParsed(IDocument document, Function<XtextResource, T> work) {
		DesignContext.Located located = DesignContext.locate(document);
		return located.context().withDocument(located.uri(), document.get(), work);
	}
}
