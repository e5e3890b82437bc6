package org.underlay.dsl.ui.internal;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.underlay.dsl.formatting2.DesignFormatting;

/** Source > Format (Ctrl+Shift+F): lays out the design; one undo step. */
public class FormatHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		IEditorPart part = HandlerUtil.getActiveEditor(event);
		if (!(part instanceof ITextEditor editor)) {
			return null;
		}
		IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
		if (!format(document, editor.getAdapter(IRewriteTarget.class))) {
			editor.getEditorSite().getActionBars().getStatusLineManager()
					.setErrorMessage("Not formatted: the design has syntax errors");
		}
		return null;
	}

	/** Formats the document in place; false (and no change) when it has syntax errors. */
	public static boolean format(IDocument document, IRewriteTarget rewrite) {
		String text = document.get();
		boolean[] readable = { true };
		List<ITextReplacement> replacements = EditorServices.withParsed(document, resource -> {
			readable[0] = resource.getErrors().isEmpty();
			return DesignFormatting.replacements(resource);
		});
		if (!readable[0] || !text.equals(document.get())) {
			return false;
		}
		if (rewrite != null) {
			rewrite.beginCompoundChange();
		}
		try {
			for (ITextReplacement replacement : replacements) {
				document.replace(replacement.getOffset(), replacement.getLength(), replacement.getReplacementText());
			}
		} catch (BadLocationException e) {
			return false;
		} finally {
			if (rewrite != null) {
				rewrite.endCompoundChange();
			}
		}
		return true;
	}
}
