package org.underlay.boot;

/** Why the boot service cannot do what was asked, in words for the operator. */
public class BootException extends Exception {

	private static final long serialVersionUID = 1L;

	public BootException(String message) {
		super(message);
	}

	public BootException(String message, Throwable cause) {
		super(message, cause);
	}
}
