package org.underlay.operations.plan;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.underlay.BmcEndpoint;
import org.underlay.dsl.underlay.SshEndpoint;
import org.underlay.dsl.underlay.UnderlayPackage;



/** A binding's BMC and SSH endpoints as a plan carries them ({@link Plan.Endpoint}). */
final class PlanEndpoints {

	private PlanEndpoints() {
	}

	/**
	 * A binding's BMC endpoint with its options under the binding's keywords ({@link Plan.Endpoint}): the CA file as
	 * an absolute path, resolved against the design folder.
	 */
	static Plan.Endpoint bmc(BmcEndpoint bmc) {
		if (bmc == null || bmc.getEndpoint() == null) {
			return null;
		}
		Map<String, String> options = new TreeMap<>();
		if (!NodeModelUtils.findNodesForFeature(bmc, UnderlayPackage.Literals.BMC_ENDPOINT__CIPHER).isEmpty()) {
			options.put(Plan.Endpoint.CIPHER, Integer.toString(bmc.getCipher()));
		}
		flag(options, Plan.Endpoint.ALLOW_LEGACY_IPMI, bmc.isAllowLegacyIpmi());
		flag(options, Plan.Endpoint.ALLOW_INSECURE, bmc.isAllowInsecure());
		flag(options, Plan.Endpoint.INSECURE_TLS, bmc.isInsecureTls());
		flag(options, Plan.Endpoint.INSECURE_HTTP, bmc.isInsecureHttp());
		if (bmc.getFingerprint() != null) {
			options.put(Plan.Endpoint.TLS_FINGERPRINT, bmc.getFingerprint());
		}
		if (bmc.getCaFile() != null) {
			options.put(Plan.Endpoint.TLS_CA, absolute(bmc.getCaFile(), bmc));
		}
		if (bmc.getSystem() != null) {
			options.put(Plan.Endpoint.SYSTEM, bmc.getSystem());
		}
		if (bmc.getManager() != null) {
			options.put(Plan.Endpoint.MANAGER, bmc.getManager());
		}
		return new Plan.Endpoint(bmc.getKind().getLiteral(), bmc.getEndpoint().getHost(), bmc.getEndpoint().getPort(),
				null, bmc.getCredential(), options);
	}

	private static void flag(Map<String, String> options, String key, boolean set) {
		if (set) {
			options.put(key, "true");
		}
	}

	/** A path of the design as an absolute one: relative ones are relative to the design folder (if it is known). */
	private static String absolute(String path, BmcEndpoint owner) {
		Path root = DesignFiles.rootOf(owner.eResource());
		try {
			Path file = Path.of(path);
			return file.isAbsolute() || root == null ? path : root.resolve(file).normalize().toString();
		} catch (InvalidPathException e) {
			return path;
		}
	}

	static Plan.Endpoint ssh(SshEndpoint ssh) {
		if (ssh == null || ssh.getEndpoint() == null) {
			return null;
		}
		Map<String, String> options = new TreeMap<>();
		if (ssh.getHostKey() != null) {
			options.put(Plan.Endpoint.HOST_KEY, ssh.getHostKey());
		}
		return new Plan.Endpoint("ssh", ssh.getEndpoint().getHost(), ssh.getEndpoint().getPort(), ssh.getUser(),
				ssh.getCredential(), options);
	}
}
