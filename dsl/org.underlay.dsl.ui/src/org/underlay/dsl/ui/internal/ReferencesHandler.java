package org.underlay.dsl.ui.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.eclipse.ui.texteditor.ITextEditor;

/** Find References (Ctrl+Shift+G): every place in the design that names the element under the caret. */
public class ReferencesHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		EditorServices.Caret caret = EditorServices.caret(event);
		if (caret == null) {
			return null;
		}
		ITextEditor editor = caret.editor();
		List<RenameSupport.Edit> references = RenameSupport.references(
				caret.document(), caret.offset());
		if (references.isEmpty()) {
			MessageDialog.openInformation(editor.getSite().getShell(), "References", "No references found.");
			return null;
		}
		ElementListSelectionDialog dialog = new ElementListSelectionDialog(editor.getSite().getShell(),
				new LabelProvider() {
					@Override
					public String getText(Object element) {
						return describe((RenameSupport.Edit) element);
					}
				});
		dialog.setTitle("References");
		dialog.setMessage(references.size() + " references; choose one to open:");
		dialog.setElements(references.toArray());
		dialog.setMultipleSelection(false);
		if (dialog.open() == Window.OK && dialog.getFirstResult() instanceof RenameSupport.Edit chosen) {
			UnderlayHyperlinkDetector.reveal(new UnderlayHyperlinkDetector.Target(chosen.file(), chosen.offset(),
					chosen.length(), null));
		}
		return null;
	}

	/** "fra1.underlay:42: server web-01 : DellR650 at 40 {" */
	public static String describe(RenameSupport.Edit reference) {
		String name = reference.file().lastSegment();
		try {
			String text = Files.readString(new File(reference.file().toFileString()).toPath());
			int line = 1;
			for (int i = 0; i < reference.offset() && i < text.length(); i++) {
				if (text.charAt(i) == '\n') {
					line++;
				}
			}
			int start = text.lastIndexOf('\n', Math.max(0, reference.offset() - 1)) + 1;
			int end = text.indexOf('\n', reference.offset());
			return name + ":" + line + ": " + text.substring(start, end < 0 ? text.length() : end).strip();
		} catch (IOException | RuntimeException e) {
			return name + " @" + reference.offset();
		}
	}
}
