package org.underlay.dsl.ui.internal;

import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;

/** Highlights the partner of the brace at the caret. */
public class UnderlayBracketMatcher extends DefaultCharacterPairMatcher {

	public UnderlayBracketMatcher() {
		super(new char[] { '{', '}', '(', ')', '[', ']' });
	}
}
