package org.underlay.dsl.ui.internal.fixes;

import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.underlay.dsl.fixes.Fix;
import org.underlay.dsl.fixes.Fixes;
import org.underlay.dsl.fixes.TextEdit;

/**
 * The quick fixes of {@link Fixes} applied to an editor's document: the same fixes serve the editor (Ctrl+1), the
 * Problems view (marker resolutions) and, through the language server, other editors.
 */
public final class DesignFixes {

	private DesignFixes() {
	}

	public static List<DesignFix> fixesFor(String code, String[] data, IDocument document, int offset, int length) {
		return Fixes.forIssue(code, data, document.get(), offset, length).stream()
				.<DesignFix> map(fix -> new Applied(fix)).toList();
	}

	private record Applied(Fix fix) implements DesignFix {
		@Override
		public String label() {
			return fix.label();
		}

		/** One replace of the span the edits cover, so that one Undo takes the whole fix back. */
		@Override
		public void apply(IDocument document) throws BadLocationException {
			if (fix.edits().isEmpty()) {
				return;
			}
			int start = fix.edits().stream().mapToInt(TextEdit::offset).min().getAsInt();
			int end = fix.edits().stream().mapToInt(e -> e.offset() + e.length()).max().getAsInt();
			String span = document.get(start, end - start);
			List<TextEdit> local = fix.edits().stream()
					.map(e -> new TextEdit(e.offset() - start, e.length(), e.text())).toList();
			document.replace(start, end - start, new Fix(fix.label(), local).applyTo(span));
		}
	}
}
