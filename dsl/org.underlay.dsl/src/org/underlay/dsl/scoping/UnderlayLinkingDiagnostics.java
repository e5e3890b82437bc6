package org.underlay.dsl.scoping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.underlay.dsl.underlay.UnderlayPackage.Literals;
import org.underlay.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/**
 * Unresolved names in operator words ("unknown device type 'DelR650'; did you mean DellR650?") with the code
 * {@link IssueCodes#UNRESOLVED_REFERENCE}. A name some other package declares is not reported here: the file lacks an
 * import (or misspells one), and the import check says so once instead of once per use.
 */
public class UnderlayLinkingDiagnostics extends LinkingDiagnosticMessageProvider {

	/** Beyond this many names in scope, no suggestion: the cost would be paid once per unresolved name. */
	private static final int MAX_CANDIDATES = 5000;

	@Inject
	private Imports imports;

	@Inject
	private IScopeProvider scopes;

	@Inject
	private IQualifiedNameConverter converter;

	@Override
	public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
		EObject object = context.getContext();
		EReference reference = context.getReference();
		String name = context.getLinkText();
		EClass type = reference.getEReferenceType();
		if (!imports.packagesDeclaring(object, type, name).isEmpty()) {
			return null;
		}
		String suggestion = suggestion(object, reference, name);
		return new DiagnosticMessage("unknown " + words(type) + " '" + name + "'"
				+ (suggestion == null ? "" : "; did you mean " + suggestion + "?"), Severity.ERROR,
				IssueCodes.UNRESOLVED_REFERENCE, name);
	}

	private String suggestion(EObject object, EReference reference, String name) {
		List<String> names = new ArrayList<>();
		try {
			for (IEObjectDescription d : scopes.getScope(object, reference).getAllElements()) {
				if (names.size() >= MAX_CANDIDATES) {
					return null;
				}
				names.add(converter.toString(d.getName()));
			}
		} catch (RuntimeException e) {
			return null; // a suggestion is a courtesy: never let it cost the diagnostic
		}
		return Spelling.nearest(name, names);
	}

	/** "device type" for DeviceType, "param" for ParamDecl: the words the language uses. */
	public static String words(EClass type) {
		if (type == Literals.PARAM_DECL) {
			return "param";
		}
		if (type == Literals.DEVICE) {
			return "device";
		}
		return type.getName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
	}
}
