package org.underlay.dsl.validation;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.underlay.dsl.DesignFiles;
import org.underlay.dsl.model.Sites;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.BmcEndpoint;
import org.underlay.dsl.underlay.BmcKind;
import org.underlay.dsl.underlay.BmcSpec;
import org.underlay.dsl.underlay.BootStep;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.DeviceKind;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.PowerStep;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.Step;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;
import org.underlay.dsl.underlay.Workflow;

/** Environments and their bindings: every server bound, endpoints complete, BMC security settings that hold. */
public class BindingValidator extends UnderlayCheck {

	/** IPMI cipher suite 0 authenticates nobody; 1 and 2 send no integrity check worth the name. */
	static final int WEAKEST_ACCEPTABLE_CIPHER = 3;

	@Check
	public void checkBinding(Binding binding) {
		Device device = binding.getDevice();
		Environment environment = (Environment) binding.eContainer();
		if (device == null || device.eIsProxy()) {
			return;
		}
		Site site = EcoreUtil2.getContainerOfType(device, Site.class);
		if (environment.getSite() != null && !environment.getSite().eIsProxy() && site != environment.getSite()) {
			error(device.getName() + " is not a device of site " + environment.getSite().getName(), binding,
					Literals.BINDING__DEVICE, IssueCodes.FOREIGN_DEVICE);
		}
		DeviceType type = device.getType();
		BmcEndpoint bmc = binding.getBmc();
		if (bmc != null && type != null && !type.eIsProxy()) {
			BmcSpec spec = type.getBmc();
			if (spec == null) {
				error(type.getName() + " declares no BMC", bmc, Literals.BMC_ENDPOINT__KIND,
						IssueCodes.CAPABILITY_NOT_SUPPORTED);
			} else if (spec.getKind() != bmc.getKind()) {
				error(type.getName() + " has a " + spec.getKind().getLiteral() + " BMC, not " + bmc.getKind().getLiteral(),
						bmc, Literals.BMC_ENDPOINT__KIND, IssueCodes.CAPABILITY_NOT_SUPPORTED);
			} else if (UnderlayValidator.count(bmc, Literals.BMC_ENDPOINT__CIPHER) > 0 && !spec.getCiphers().isEmpty()
					&& !spec.getCiphers().contains(bmc.getCipher())) {
				error(type.getName() + " offers cipher suites " + spec.getCiphers() + ", not " + bmc.getCipher(), bmc,
						Literals.BMC_ENDPOINT__CIPHER, IssueCodes.CAPABILITY_NOT_SUPPORTED);
			}
		}
		if (bmc == null && needsBmc(device)) {
			error(device.getName() + " runs power or boot steps but its binding has no 'bmc' endpoint", binding,
					Literals.BINDING__DEVICE, IssueCodes.MISSING_BMC_ENDPOINT, device.getName());
		}
	}

	/**
	 * Insecure settings are allowed by name, and warned about; IPMI cipher suite 0 authenticates nobody and is an
	 * error unless the binding also says 'allow-insecure'.
	 */
	@Check
	public void checkInsecureBmc(BmcEndpoint bmc) {
		boolean cipherZero = bmc.getKind() == BmcKind.IPMI
				&& UnderlayValidator.count(bmc, Literals.BMC_ENDPOINT__CIPHER) > 0 && bmc.getCipher() == 0;
		if (cipherZero && !bmc.isAllowInsecure()) {
			error("IPMI cipher suite 0 authenticates nobody (any password is accepted); use 3 or 17, or add "
					+ "'allow-insecure' to run it anyway", bmc, Literals.BMC_ENDPOINT__CIPHER, IssueCodes.INSECURE_BMC,
					"cipher");
		} else if (bmc.getKind() == BmcKind.IPMI && UnderlayValidator.count(bmc, Literals.BMC_ENDPOINT__CIPHER) > 0
				&& bmc.getCipher() < WEAKEST_ACCEPTABLE_CIPHER) {
			warning("IPMI cipher suite " + bmc.getCipher() + " is insecure"
					+ (cipherZero ? " (no authentication at all)" : "") + "; use 3 or 17", bmc,
					Literals.BMC_ENDPOINT__CIPHER, IssueCodes.INSECURE_BMC, "cipher");
		}
		if (bmc.isAllowInsecure() && !cipherZero) {
			warning("'allow-insecure' allows IPMI cipher suite 0 only, which this binding does not use", bmc,
					Literals.BMC_ENDPOINT__ALLOW_INSECURE, IssueCodes.INSECURE_BMC, "allow-insecure");
		}
		if (bmc.isAllowLegacyIpmi()) {
			warning("IPMI 1.5 sends credentials almost in clear text; allow it only on an isolated network", bmc,
					Literals.BMC_ENDPOINT__ALLOW_LEGACY_IPMI, IssueCodes.INSECURE_BMC, "allow-legacy-ipmi");
		}
		if (bmc.isInsecureTls()) {
			warning("TLS without verification lets anyone on the path impersonate the BMC; pin its fingerprint instead",
					bmc, Literals.BMC_ENDPOINT__INSECURE_TLS, IssueCodes.INSECURE_BMC, "insecure-tls");
		}
		if (bmc.isInsecureHttp()) {
			warning("Plain HTTP sends the BMC's password and session in clear text; use HTTPS with its CA ('tls-ca') or "
					+ "a pinned fingerprint", bmc, Literals.BMC_ENDPOINT__INSECURE_HTTP, IssueCodes.INSECURE_BMC,
					"insecure-http");
		}
	}

	/** Which system and manager, and how TLS is trusted, are Redfish settings: an IPMI endpoint ignores them. */
	@Check
	public void checkRedfishSettingsOnIpmi(BmcEndpoint bmc) {
		if (bmc.getKind() != BmcKind.IPMI) {
			return;
		}
		List<String> ignored = new ArrayList<>();
		for (var feature : List.of(Literals.BMC_ENDPOINT__SYSTEM, Literals.BMC_ENDPOINT__MANAGER,
				Literals.BMC_ENDPOINT__CA_FILE, Literals.BMC_ENDPOINT__FINGERPRINT, Literals.BMC_ENDPOINT__INSECURE_TLS,
				Literals.BMC_ENDPOINT__INSECURE_HTTP)) {
			if (UnderlayValidator.count(bmc, feature) > 0) {
				ignored.add("'" + Names.keyword(feature) + "'");
			}
		}
		if (!ignored.isEmpty()) {
			warning(String.join(", ", ignored) + (ignored.size() == 1 ? " is a Redfish setting and has" : " are Redfish "
					+ "settings and have") + " no effect on an IPMI endpoint", bmc, Literals.BMC_ENDPOINT__KIND,
					IssueCodes.CAPABILITY_NOT_SUPPORTED);
		}
	}

	/** A pinned certificate is named by its SHA-256 fingerprint: 64 hex digits, colons allowed between them. */
	@Check
	public void checkTlsFingerprint(BmcEndpoint bmc) {
		String pin = bmc.getFingerprint();
		if (pin != null && !(pin.matches("[0-9A-Fa-f:]*") && pin.replace(":", "").length() == 64)) {
			error("tls-fingerprint must be the SHA-256 fingerprint of the BMC's certificate: 64 hex digits, colons "
					+ "allowed (AB:CD:…)", bmc, Literals.BMC_ENDPOINT__FINGERPRINT, IssueCodes.INVALID_FINGERPRINT);
		}
	}

	/**
	 * The CA file that signs the BMC's certificate: an absolute path, or one relative to the design folder. A relative
	 * one of a design not read from disk is not checked.
	 */
	@Check
	public void checkTlsCaFile(BmcEndpoint bmc) {
		String file = bmc.getCaFile();
		if (file == null) {
			return;
		}
		Path path;
		try {
			path = file.isBlank() ? null : Path.of(file);
		} catch (InvalidPathException e) {
			path = null;
		}
		Path root = DesignFiles.rootOf(bmc.eResource());
		if (path == null) {
			error("tls-ca '" + file + "' is no file name", bmc, Literals.BMC_ENDPOINT__CA_FILE,
					IssueCodes.TLS_CA_NOT_FOUND, file);
		} else if (path.isAbsolute() && !Files.isRegularFile(path)) {
			error("tls-ca " + file + " not found", bmc, Literals.BMC_ENDPOINT__CA_FILE, IssueCodes.TLS_CA_NOT_FOUND,
					file);
		} else if (!path.isAbsolute() && root != null && !Files.isRegularFile(root.resolve(path))) {
			error("tls-ca " + file + " not found in the design folder (" + root + ")", bmc,
					Literals.BMC_ENDPOINT__CA_FILE, IssueCodes.TLS_CA_NOT_FOUND, file);
		}
	}

	/** Every server of the site has a binding (and only one) in each environment. */
	@Check
	public void checkEnvironment(Environment environment) {
		Map<Device, Binding> bound = new HashMap<>();
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			if (device != null && !device.eIsProxy() && bound.putIfAbsent(device, binding) != null) {
				error(device.getName() + " is bound twice in environment " + environment.getName(), binding,
						Literals.BINDING__DEVICE, IssueCodes.DUPLICATE_NAME, device.getName());
			}
		}
		Site site = environment.getSite();
		if (site == null || site.eIsProxy()) {
			return;
		}
		for (Device device : Sites.devicesOf(site)) {
			if (device.getKind() == DeviceKind.SERVER && !bound.containsKey(device)) {
				warning("Server " + device.getName() + " of site " + site.getName() + " has no binding in environment "
						+ environment.getName(), environment, Literals.PACKAGE_ELEMENT__NAME, IssueCodes.MISSING_BINDING,
						device.getName());
			}
		}
	}

	private static boolean needsBmc(Device device) {
		for (Profile profile : ParamResolver.profilesOf(device)) {
			for (Workflow workflow : profile.getWorkflows()) {
				if (workflow != null && !workflow.eIsProxy()) {
					for (Step step : workflow.getSteps()) {
						if (step instanceof PowerStep || step instanceof BootStep) {
							return true;
						}
					}
				}
			}
		}
		return false;
	}
}
