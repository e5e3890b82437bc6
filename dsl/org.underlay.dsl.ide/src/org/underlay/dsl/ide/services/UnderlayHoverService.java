package org.underlay.dsl.ide.services;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.xtext.ide.server.hover.HoverContext;
import org.eclipse.xtext.ide.server.hover.HoverService;

/** The language server's hover: the workbench's text ({@link Meaning}), provenance of params included. */
public class UnderlayHoverService extends HoverService {

	@Override
	protected Hover hover(HoverContext context) {
		String meaning;
		try {
			meaning = Meaning.describe(context.getResource(), context.getOffset());
		} catch (RuntimeException e) {
			meaning = null; // a hover never fails loudly
		}
		if (meaning == null) {
			return super.hover(context);
		}
		String documentation = context.getElement() == null ? null : getContents(context.getElement());
		String text = documentation == null || documentation.isBlank() ? meaning : meaning + "\n\n" + documentation;
		return new Hover(new MarkupContent(MarkupKind.PLAINTEXT, text), getRange(context));
	}
}
