package org.underlay.dsl.ui.internal.fixes;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;

/** One way to repair a problem: a label for the menu and a text edit. */
public interface DesignFix {

	String label();

	void apply(IDocument document) throws BadLocationException;
}
