package org.underlay.dsl.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/** Duplicate-name reporting and the keywords of features, for messages. */
final class Names {

	private Names() {
	}

	static <T extends EObject> void reportDuplicates(Reporter reporter, List<T> elements, Function<T, String> name,
			EStructuralFeature feature, String kind) {
		Map<String, T> seen = new HashMap<>();
		for (T element : elements) {
			String n = name.apply(element);
			if (n == null) {
				continue;
			}
			T first = seen.putIfAbsent(n, element);
			if (first != null) {
				reporter.error("Duplicate " + kind + " '" + n + "'", element, feature, IssueCodes.DUPLICATE_NAME, n);
			}
		}
	}

	/** The keyword that introduces a feature in the text. */
	static String keyword(EStructuralFeature feature) {
		return switch (feature.getName()) {
		case "psuCount" -> "psus";
		case "capacityWatts" -> "capacity";
		case "caFile" -> "tls-ca";
		case "fingerprint" -> "tls-fingerprint";
		case "insecureTls" -> "insecure-tls";
		case "insecureHttp" -> "insecure-http";
		case "allowInsecure" -> "allow-insecure";
		case "allowLegacyIpmi" -> "allow-legacy-ipmi";
		default -> feature.getName();
		};
	}
}
