package org.underlay.dsl.fixes;

/** Replace {@code length} characters at {@code offset} of a design file's text by {@code text}. */
public record TextEdit(int offset, int length, String text) {

	public TextEdit {
		if (offset < 0 || length < 0 || text == null) {
			throw new IllegalArgumentException("bad edit at " + offset + "+" + length);
		}
	}
}
