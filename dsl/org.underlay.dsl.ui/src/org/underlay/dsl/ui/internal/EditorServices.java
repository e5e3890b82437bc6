package org.underlay.dsl.ui.internal;

import java.util.function.Function;

import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.resource.XtextResource;

/** Entry for editor parts outside this package (outline, fixes): a document parsed and linked within its design. */
public final class EditorServices {

	private EditorServices() {
	}

	public static <T> T withParsed(IDocument document, Function<XtextResource, T> work) {
		DesignContext.Located located = DesignContext.locate(document);
		return located.context().withDocument(located.uri(), document.get(), work);
	}
}
