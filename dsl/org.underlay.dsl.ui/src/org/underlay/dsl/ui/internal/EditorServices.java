package org.underlay.dsl.ui.internal;

import java.util.function.Function;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.resource.XtextResource;

/** Entry for editor parts outside this package (outline, fixes): a document parsed and linked within its design. */
public final class EditorServices {

	private EditorServices() {
	}

	/** The text editor and caret offset a command runs on, or null outside a text editor. */
	public record Caret(ITextEditor editor, IDocument document, int offset) {
	}

	public static Caret caret(ExecutionEvent event) {
		IEditorPart part = HandlerUtil.getActiveEditor(event);
		if (part instanceof ITextEditor editor
				&& editor.getSelectionProvider().getSelection() instanceof ITextSelection selection) {
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
