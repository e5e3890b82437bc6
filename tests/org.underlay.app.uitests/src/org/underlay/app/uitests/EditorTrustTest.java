package org.underlay.app.uitests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.underlay.app.uitests.UiSupport.errors;
import static org.underlay.app.uitests.UiSupport.page;
import static org.underlay.app.uitests.UiSupport.spin;
import static org.underlay.app.uitests.UiSupport.waitFor;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The editor keeps the operator's trust under a burst of typing and undo: live validation, cancelled again and again
 * in the middle of a run, still marks the next error.
 */
@Order(5)
class EditorTrustTest {

	private static final String PROJECT = "acme-dc";
	private static final String SITE = "sites/fra1.underlay";

	@Test
	void liveValidationSurvivesABurstOfEditsAndUndos() throws Exception {
		IFile file = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT).getFile(SITE);
		IEditorPart editor = IDE.openEditor(page(), file, true);
		ISourceViewer viewer = (ISourceViewer) editor.getAdapter(ITextOperationTarget.class);
		assertNotNull(viewer, "the editor has a source viewer");
		IDocument document = viewer.getDocument();
		String original = document.get();
		waitFor("the example to validate clean", () -> errors(viewer).isEmpty());
		ITextOperationTarget operations = editor.getAdapter(ITextOperationTarget.class);
		try {
			// type and undo with pauses just past the reconciler's delay, so that edits land while a validation
			// runs and cancel it: each gap a little longer, to meet the run at different points
			int at = original.indexOf("desired power on") + "desired power ".length();
			for (int i = 0; i < 24; i++) {
				document.replace(at, 0, i % 2 == 0 ? " " : "");
				document.replace(at, 0, "x");
				spin(310 + (i % 8) * 15);
			}
			for (int i = 0; i < 48 && operations.canDoOperation(ITextOperationTarget.UNDO); i++) {
				operations.doOperation(ITextOperationTarget.UNDO);
				spin(200 + (i % 8) * 20);
			}
			document.set(original);
			waitFor("the burst to settle with no error", () -> errors(viewer).isEmpty());
			// a fresh error still gets its marker
			int position = original.indexOf("web-02 : DellR650 at 39") + "web-02 : DellR650 at ".length();
			document.replace(position, 2, "40");
			waitFor("an annotation for the fresh overlap", () -> errors(viewer).stream()
					.anyMatch(text -> text.contains("overlaps") && text.contains("[underlay.rack-unit-overlap]")));
			document.set(original);
			waitFor("the annotation to go with the error", () -> errors(viewer).isEmpty());
		} finally {
			if (!document.get().equals(original)) {
				document.set(original);
			}
			((ITextEditor) editor).doRevertToSaved();
		}
		assertEquals(original, document.get());
	}

}
