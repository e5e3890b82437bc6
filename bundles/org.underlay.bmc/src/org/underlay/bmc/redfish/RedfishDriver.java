package org.underlay.bmc.redfish;

import java.util.Map;
import java.util.Set;

import org.underlay.bmc.BmcClient;
import org.underlay.bmc.BmcDriver;
import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.Credentials;
import org.underlay.bmc.InsecureOption;

/**
 * The Redfish driver (protocol {@code "redfish"}), over java.net.http. Endpoint options, with the binding keyword
 * each comes from (messages name only the keywords: they are what an operator can write):
 * <ul>
 * <li>{@code redfish.scheme} = {@code https} (default) | {@code http}, which needs
 * {@link InsecureOption#PLAIN_HTTP} ({@code insecure-http}): the password and session token would travel in
 * clear</li>
 * <li>{@code redfish.tls.caFile} ({@code tls-ca "<file>"}) = PEM file of the CA(s) that sign the BMC's certificate
 * (host name checked)</li>
 * <li>{@code redfish.tls.pinnedSha256} ({@code tls-fingerprint "<sha256>"}) = SHA-256 fingerprint of the BMC's own
 * certificate (host name not checked)</li>
 * <li>{@code redfish.tls.verify} = {@code false} skips verification, which needs
 * {@link InsecureOption#TLS_UNVERIFIED} ({@code insecure-tls})</li>
 * <li>{@code redfish.auth} = {@code auto} (default: a session where the service offers one, else Basic; Basic also
 * when the service refuses the session login, so that only a refusal of both means a wrong password) |
 * {@code session} | {@code basic}</li>
 * <li>{@code redfish.system} ({@code system "<id>"}) = Id or URI of the computer system, needed when the service
 * has several</li>
 * <li>{@code redfish.manager} ({@code manager "<id>"}) = Id or URI of a manager: the system is one of its
 * {@code Links.ManagerForServers} (with {@code redfish.system} when it runs several)</li>
 * </ul>
 * Without a CA file or pin, the JDK's trust store decides. A session is always deleted when the client closes.
 */
public final class RedfishDriver implements BmcDriver {

	public static final String PROTOCOL = "redfish";
	public static final String SCHEME = "redfish.scheme";
	public static final String AUTH = "redfish.auth";
	public static final String SYSTEM = "redfish.system";
	public static final String MANAGER = "redfish.manager";
	public static final String CA_FILE = RedfishTls.CA_FILE;
	public static final String PINNED_SHA256 = RedfishTls.PINNED_SHA256;
	public static final String VERIFY = RedfishTls.VERIFY;

	/** An HTTPS endpoint with the default timeout and no options. */
	public static BmcEndpoint endpoint(String host, int port) {
		return new BmcEndpoint(PROTOCOL, host, port, BmcEndpoint.DEFAULT_TIMEOUT, Set.of(), Map.of());
	}

	@Override
	public String protocol() {
		return PROTOCOL;
	}

	/** The system trust store and a TLS context: what the first HTTPS connection would otherwise load. */
	@Override
	public void prepare() throws BmcException {
		RedfishTls.loadDefaults();
	}

	@Override
	public BmcClient open(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
		return openRedfish(endpoint, credentials);
	}

	/** {@link #open} with the Redfish-specific client type (power transitions, raw power state). */
	public RedfishClient openRedfish(BmcEndpoint endpoint, Credentials credentials) throws BmcException {
		return RedfishClient.open(endpoint, credentials);
	}
}
