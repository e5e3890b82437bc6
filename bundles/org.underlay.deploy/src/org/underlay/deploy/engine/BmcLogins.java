package org.underlay.deploy.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDrivers;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.credentials.CredentialsException;
import org.underlay.credentials.CredentialsProvider;
import org.underlay.credentials.Secret;
import org.underlay.operations.plan.Plan;

/** The one way the engine, the power watch and the probe log in to a machine's BMC. */
public final class BmcLogins {

	private BmcLogins() {
	}

	/**
	 * Opens a session with the BMC of a plan's endpoint, logging in with the credential its binding names. The
	 * password is wiped here; the client keeps only what it needs to log in again.
	 */
	public static BmcClient open(Plan.Endpoint bmc, CredentialsProvider credentials, Map<String, String> bmcOptions,
			Duration timeout) throws BmcException, CredentialsException {
		if (bmc.credential() == null) {
			throw new CredentialsException(CredentialsException.Kind.MISSING, null, "the binding names no credential");
		}
		try (Secret secret = credentials.resolve(bmc.credential())) {
			char[] password = secret.hasPassword() ? secret.password() : new char[0];
			try (Credentials login = new Credentials(secret.user().orElse("admin"), password)) {
				return BmcDrivers.open(BmcEndpoints.of(bmc, bmcOptions, timeout), login);
			} finally {
				Arrays.fill(password, '\0');
			}
		}
	}
}
