package org.underlay.dsl.formatting2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.XtextResource;

/** Runs the formatter on a parsed design: the edits, or the whole formatted text. */
public final class DesignFormatting {

	private DesignFormatting() {
	}

	/** The edits that format the resource, last first (apply them in this order). Empty if it has syntax errors. */
	public static List<ITextReplacement> replacements(XtextResource resource) {
		if (!resource.getErrors().isEmpty()) {
			return List.of(); // never reflow text the parser could not read
		}
		IResourceServiceProvider services = resource.getResourceServiceProvider();
		FormatterRequest request = services.get(FormatterRequest.class);
		request.setTextRegionAccess(services.get(TextRegionAccessBuilder.class).forNodeModel(resource).create());
		request.setAllowIdentityEdits(false);
		List<ITextReplacement> replacements = new ArrayList<>(services.get(IFormatter2.class).format(request));
		replacements.sort(Comparator.comparingInt(ITextReplacement::getOffset).reversed());
		return replacements;
	}

	public static String format(XtextResource resource) {
		StringBuilder text = new StringBuilder(resource.getParseResult().getRootNode().getText());
		for (ITextReplacement replacement : replacements(resource)) {
			text.replace(replacement.getOffset(), replacement.getEndOffset(), replacement.getReplacementText());
		}
		return text.toString();
	}
}
