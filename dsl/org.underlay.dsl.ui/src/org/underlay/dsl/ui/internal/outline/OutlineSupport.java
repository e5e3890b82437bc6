package org.underlay.dsl.ui.internal.outline;

import java.util.function.Function;

import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.ui.internal.EditorServices;

/** Bridges the outline to the editor's parsing of a document within its design. */
final class OutlineSupport {

	private OutlineSupport() {
	}

	static <T> T withParsed(IDocument document, Function<XtextResource, T> work) {
		return EditorServices.withParsed(document, work);
	}
}
