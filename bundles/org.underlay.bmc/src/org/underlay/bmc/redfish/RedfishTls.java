package org.underlay.bmc.redfish;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.underlay.bmc.BmcEndpoint;
import org.underlay.bmc.BmcException;
import org.underlay.bmc.InsecureOption;

/**
 * How a Redfish client trusts the BMC's certificate. Verification is on by default (the JDK's trust store and host
 * name check); a binding may give its own CA file ({@code tls-ca}) or pin the BMC's certificate by SHA-256
 * fingerprint ({@code tls-fingerprint}). Skipping verification needs {@link InsecureOption#TLS_UNVERIFIED}
 * ({@code insecure-tls}). Messages name those binding keywords, never the option keys.
 */
final class RedfishTls {

	/** Option: PEM file with the CA certificate(s) that sign the BMC's certificate (replaces the JDK trust store). */
	static final String CA_FILE = "redfish.tls.caFile";
	/** Option: SHA-256 fingerprint of the BMC's certificate (hex, colons allowed); host name is not checked. */
	static final String PINNED_SHA256 = "redfish.tls.pinnedSha256";
	/** Option: {@code false} skips certificate verification; needs TLS_UNVERIFIED. */
	static final String VERIFY = "redfish.tls.verify";

	/** What the binding writes to pin a certificate, with the fingerprint (or a placeholder) filled in. */
	static String pinKeyword(String fingerprint) {
		return "tls-fingerprint \"" + (fingerprint == null ? "<sha256>" : fingerprint) + "\"";
	}

	/** What the binding writes to trust a CA. */
	static final String CA_KEYWORD = "tls-ca \"<file>\"";

	final SSLContext context;
	final String description;
	private final Recorder recorder;

	private RedfishTls(SSLContext context, String description, Recorder recorder) {
		this.context = context;
		this.description = description;
		this.recorder = recorder;
	}

	/** SHA-256 fingerprint of the certificate the BMC presented last, for error messages (public data). */
	String presentedFingerprint() {
		X509Certificate c = recorder.lastPresented;
		return c == null ? null : fingerprint(c);
	}

	static String fingerprint(X509Certificate cert) {
		try {
			byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Loads the system trust store and a TLS context: what the first HTTPS connection would otherwise pay for. */
	static void loadDefaults() throws BmcException {
		try {
			SSLContext.getInstance("TLS").init(null, new TrustManager[] { pkix(null) }, null);
		} catch (GeneralSecurityException e) {
			throw new BmcException(BmcException.Kind.UNSUPPORTED, "Redfish over TLS cannot run in this JVM: "
					+ e.getMessage(), e);
		}
	}

	static RedfishTls of(BmcEndpoint endpoint) throws BmcException {
		String caFile = endpoint.option(CA_FILE, null);
		String pin = endpoint.option(PINNED_SHA256, null);
		boolean verify = !"false".equalsIgnoreCase(endpoint.option(VERIFY, "true"));
		try {
			X509ExtendedTrustManager delegate;
			String description;
			if (!verify) {
				if (!endpoint.allows(InsecureOption.TLS_UNVERIFIED)) {
					throw new BmcException(BmcException.Kind.INSECURE_REFUSED, endpoint.address()
							+ ": certificate verification is switched off, which the binding does not allow; "
							+ "pin the BMC's certificate with " + pinKeyword(null) + " or trust its CA with "
							+ CA_KEYWORD + ", or write insecure-tls in the binding to accept any certificate");
				}
				delegate = null;
				description = "unverified";
			} else if (pin != null) {
				String normalized = pin.replace(":", "").trim().toLowerCase(Locale.ROOT);
				if (!normalized.matches("[0-9a-f]{64}")) {
					throw new BmcException(BmcException.Kind.UNSUPPORTED, endpoint.address() + ": tls-fingerprint "
							+ "must be the SHA-256 fingerprint of the BMC's certificate (64 hex digits, colons "
							+ "allowed)");
				}
				delegate = new Pinned(HexFormat.of().parseHex(normalized));
				description = "pinned certificate";
			} else if (caFile != null) {
				delegate = pkix(loadCa(endpoint, Path.of(caFile)));
				description = "CA file";
			} else {
				delegate = pkix(null);
				description = "system trust store";
			}
			Recorder recorder = new Recorder(delegate);
			SSLContext ctx = SSLContext.getInstance("TLS");
			ctx.init(null, new TrustManager[] { recorder }, null);
			return new RedfishTls(ctx, description, recorder);
		} catch (GeneralSecurityException e) {
			throw new BmcException(BmcException.Kind.PROTOCOL, endpoint.address() + ": cannot set up TLS: "
					+ e.getMessage(), e);
		}
	}

	private static KeyStore loadCa(BmcEndpoint endpoint, Path file) throws BmcException, GeneralSecurityException {
		try (InputStream in = Files.newInputStream(file)) {
			KeyStore ks = KeyStore.getInstance("PKCS12");
			ks.load(null, null);
			int i = 0;
			try {
				for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
					ks.setCertificateEntry("ca" + i++, c);
				}
			} catch (CertificateException e) {
				i = 0;
			}
			if (i == 0) {
				throw new BmcException(BmcException.Kind.UNSUPPORTED, endpoint.address() + ": the tls-ca file "
						+ file + " holds no PEM certificate");
			}
			return ks;
		} catch (IOException e) {
			throw new BmcException(BmcException.Kind.UNSUPPORTED, endpoint.address() + ": cannot read the tls-ca "
					+ "file " + file + " (" + e.getClass().getSimpleName() + ")", e);
		}
	}

	private static X509ExtendedTrustManager pkix(KeyStore anchors) throws GeneralSecurityException {
		TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		tmf.init(anchors);
		for (TrustManager tm : tmf.getTrustManagers()) {
			if (tm instanceof X509ExtendedTrustManager x) {
				return x;
			}
		}
		throw new GeneralSecurityException("no X509 trust manager");
	}

	/** Accepts exactly the certificate with the pinned fingerprint, whatever its issuer and names. */
	private static final class Pinned extends ServerOnlyTrustManager {
		private final byte[] sha256;

		Pinned(byte[] sha256) {
			this.sha256 = sha256;
		}

		@Override
		void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
			try {
				byte[] d = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
				if (!MessageDigest.isEqual(d, sha256)) {
					throw new CertificateException("the certificate's SHA-256 fingerprint is not the pinned one");
				}
				chain[0].checkValidity();
			} catch (NoSuchAlgorithmException e) {
				throw new CertificateException(e);
			}
		}
	}

	/** Remembers the presented certificate (for the operator's message), then delegates; null delegate = trust all. */
	private static final class Recorder extends ServerOnlyTrustManager {
		private final X509ExtendedTrustManager delegate;
		volatile X509Certificate lastPresented;

		Recorder(X509ExtendedTrustManager delegate) {
			this.delegate = delegate;
		}

		@Override
		void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
			if (chain == null || chain.length == 0) {
				throw new CertificateException("the BMC presented no certificate");
			}
			lastPresented = chain[0];
			if (delegate instanceof ServerOnlyTrustManager own) {
				own.check(chain, authType, engine);
			} else if (delegate != null) {
				// the JDK's manager checks the chain and, with the engine's endpoint identification, the host name
				delegate.checkServerTrusted(chain, authType, engine);
			}
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
		}
	}

	private abstract static class ServerOnlyTrustManager extends X509ExtendedTrustManager {
		abstract void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException;

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			check(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			check(chain, authType, null);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			check(chain, authType, null);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw new CertificateException("client side only");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			throw new CertificateException("client side only");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("client side only");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}
	}
}
