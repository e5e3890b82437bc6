package org.underlay.bmc;

import org.underlay.credentials.TypedException;

/**
 * A typed BMC failure. The message is meant for an operator: it names the BMC and says what went wrong and, where
 * possible, what to check. It never contains a password or key material.
 */
public class BmcException extends TypedException {

	private static final long serialVersionUID = 1L;

	/** What kind of failure; callers decide on retries and reporting by kind, never by message text. */
	public enum Kind {
		/** Nothing answers at the address (ICMP unreachable, connection refused, unknown host). */
		UNREACHABLE,
		/** The BMC answered but refused the user name, password or requested privilege. */
		AUTH_FAILED,
		/** The BMC (or this driver) does not support the operation or the requested option. */
		UNSUPPORTED,
		/** The BMC answered with something malformed or unexpected (wrong protocol, bad checksum or integrity). */
		PROTOCOL,
		/** No (complete) answer within the endpoint's timeout. */
		TIMEOUT,
		/** The caller cancelled the call (thread interrupted or client closed). */
		CANCELLED,
		/**
		 * Refused locally before any traffic: the binding asks for an insecure setting (IPMI cipher suite 0,
		 * IPMI 1.5, ...) without explicitly allowing it.
		 */
		INSECURE_REFUSED
	}

	public BmcException(Kind kind, String message) {
		super(kind, message);
	}

	public BmcException(Kind kind, String message, Throwable cause) {
		super(kind, message, cause);
	}

	@Override
	public Kind kind() {
		return (Kind) super.kind();
	}
}
