package org.underlay.deploy.session;

import java.util.List;

/** Plan or apply asked of a design that does not validate: nothing runs; the errors say why. */
public final class InvalidDesignException extends Exception {
	private static final long serialVersionUID = 1L;

	private final List<String> errors;

	InvalidDesignException(List<String> errors) {
		super("the design has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
				+ "; plan and apply run only a design that validates");
		this.errors = List.copyOf(errors);
	}

	/** The errors, as {@code validate} prints them. */
	public List<String> errors() {
		return errors;
	}
}
