package org.underlay.dsl.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.source.ISourceViewer;
import org.underlay.dsl.ide.services.Meaning;
import org.underlay.dsl.ui.internal.fixes.UnderlayQuickAssistProcessor;

/**
 * Hover: the problems at the mouse, then what the word means — a device with its effective params and where each
 * value comes from, a param's declaration and its value on the device at hand, a device type's data sheet, a
 * network's addressing.
 */
public class UnderlayHover implements ITextHover {

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		IDocument document = viewer.getDocument();
		String text = document.get();
		int start = offset;
		int end = offset;
		while (start > 0 && isWordChar(text.charAt(start - 1))) {
			start--;
		}
		while (end < text.length() && isWordChar(text.charAt(end))) {
			end++;
		}
		return new Region(start, end - start);
	}

	private static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
	}

	@Override
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		List<String> parts = new ArrayList<>();
		if (viewer instanceof ISourceViewer sourceViewer) {
			String problems = UnderlayQuickAssistProcessor.problemsAt(sourceViewer, region.getOffset()).stream()
					.map(a -> a.getText()).collect(Collectors.joining("\n"));
			if (!problems.isEmpty()) {
				parts.add(problems);
			}
		}
		String meaning = describeAt(viewer.getDocument(), region.getOffset());
		if (meaning != null) {
			parts.add(meaning);
		}
		return parts.isEmpty() ? null : String.join("\n\n", parts);
	}

	/** What the text at {@code offset} refers to, described; null when there is nothing to say. */
	public static String describeAt(IDocument document, int offset) {
		DesignContext.Located located = DesignContext.locate(document);
		try {
			return located.context().withDocument(located.uri(), document.get(), resource -> Meaning.describe(resource, offset));
		} catch (RuntimeException e) {
			return null; // a hover never fails loudly
		}
	}
}
