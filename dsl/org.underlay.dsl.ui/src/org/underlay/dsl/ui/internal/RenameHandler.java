package org.underlay.dsl.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRewriteTarget;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.texteditor.ITextEditor;

/** Rename (Alt+Shift+R): asks for the new name, then renames the element under the caret everywhere. */
public class RenameHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		EditorServices.Caret caret = EditorServices.caret(event);
		if (caret == null) {
			return null;
		}
		ITextEditor editor = caret.editor();
		IDocument document = caret.document();
		RenameSupport.Plan current = RenameSupport.plan(document, caret.offset(), "x");
		if (current.oldName() == null) {
			MessageDialog.openInformation(editor.getSite().getShell(), "Rename", current.problem());
			return null;
		}
		InputDialog dialog = new InputDialog(editor.getSite().getShell(), "Rename " + current.oldName(), "New name:",
				current.oldName(), text -> text.equals(current.oldName()) ? ""
						: RenameSupport.plan(document, caret.offset(), text).problem());
		if (dialog.open() != Window.OK || dialog.getValue().equals(current.oldName())) {
			return null;
		}
		RenameSupport.Plan plan = RenameSupport.plan(document, caret.offset(), dialog.getValue());
		IRewriteTarget rewrite = editor.getAdapter(IRewriteTarget.class);
		try {
			if (rewrite != null) {
				rewrite.beginCompoundChange();
			}
			RenameSupport.apply(plan, document, RenameSupport.uriOf(document));
		} catch (Exception e) {
			MessageDialog.openError(editor.getSite().getShell(), "Rename", "The rename failed: " + e.getMessage());
		} finally {
			if (rewrite != null) {
				rewrite.endCompoundChange();
			}
		}
		return null;
	}
}
