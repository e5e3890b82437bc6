package org.underlay.dsl.fixes;

import java.util.Comparator;
import java.util.List;

/**
 * One way to repair a problem: a label for the menu and the edits, which never overlap. The editor, the Problems view
 * and language-server clients (code actions) apply the same edits.
 */
public record Fix(String label, List<TextEdit> edits) {

	public Fix {
		edits = List.copyOf(edits);
	}

	/** The edits from the end of the text backwards, so each one's offsets still hold when it is applied. */
	public List<TextEdit> backwards() {
		return edits.stream().sorted(Comparator.comparingInt(TextEdit::offset).reversed()).toList();
	}

	/** The text with the edits applied. */
	public String applyTo(String text) {
		StringBuilder result = new StringBuilder(text);
		for (TextEdit edit : backwards()) {
			result.replace(edit.offset(), edit.offset() + edit.length(), edit.text());
		}
		return result.toString();
	}
}
