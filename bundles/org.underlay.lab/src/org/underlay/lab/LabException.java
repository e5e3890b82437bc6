package org.underlay.lab;

/**
 * The lab could not do what was asked. The message is one line for an operator: it names the machine, port or file
 * concerned and never contains a secret.
 */
public class LabException extends Exception {

	private static final long serialVersionUID = 1L;

	public LabException(String message) {
		super(message);
	}

	public LabException(String message, Throwable cause) {
		super(message, cause);
	}
}
