package org.underlay.dsl.parsing;

import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.underlay.dsl.validation.IssueCodes;

/** Syntax errors in the operator's words, each with an {@code underlay.*} code. */
public final class SyntaxErrors {

	private SyntaxErrors() {
	}

	/** A token that fits nowhere where it stands, set aside by {@link RecoveringParser}. */
	public static SyntaxErrorMessage unexpected(String text) {
		return new SyntaxErrorMessage("unexpected '" + text + "' here", IssueCodes.UNEXPECTED_TOKEN);
	}

	/** Tokens set aside by {@link RecoveringParser}, with what the parser expected where it failed on them. */
	public static SyntaxErrorMessage setAside(String expected) {
		return new SyntaxErrorMessage(expected, IssueCodes.UNEXPECTED_TOKEN);
	}
}
