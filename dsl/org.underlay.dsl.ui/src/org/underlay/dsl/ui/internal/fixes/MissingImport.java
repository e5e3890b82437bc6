package org.underlay.dsl.ui.internal.fixes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextUtilities;
import org.underlay.dsl.ui.internal.EditorServices;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.PackageElement;

/** For a name that does not resolve: import the package of the design that declares it. */
final class MissingImport {

	private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s+[^\\n]*$");
	private static final Pattern IMPORT_LINE = Pattern.compile("(?m)^\\s*import\\s+[^\\n]*$");

	private MissingImport() {
	}

	static List<DesignFix> fixes(IDocument document, int offset, int length) {
		List<DesignFix> fixes = new ArrayList<>();
		if (offset < 0 || offset + length > document.getLength() || length == 0) {
			return fixes;
		}
		String name = document.get().substring(offset, offset + length).trim();
		String simple = name.substring(name.lastIndexOf('.') + 1);
		Set<String> packages = new LinkedHashSet<>();
		try {
			EditorServices.withParsed(document, resource -> {
				String own = resource.getContents().isEmpty() ? null : ((Design) resource.getContents().get(0)).getName();
				for (Resource other : List.copyOf(resource.getResourceSet().getResources())) {
					for (EObject root : other.getContents()) {
						if (root instanceof Design design && design.getName() != null && !design.getName().equals(own)) {
							for (PackageElement element : design.getElements()) {
								if (simple.equals(element.getName())) {
									packages.add(design.getName());
								}
							}
						}
					}
				}
				return null;
			});
		} catch (RuntimeException e) {
			return fixes;
		}
		for (String pack : packages) {
			fixes.add(new DesignFix() {
				@Override
				public String label() {
					return "Import " + pack + ".*";
				}

				@Override
				public void apply(IDocument doc) throws BadLocationException {
					String text = doc.get();
					int at = 0;
					Matcher imports = IMPORT_LINE.matcher(text);
					while (imports.find()) {
						at = imports.end();
					}
					if (at == 0) {
						Matcher pkg = PACKAGE_LINE.matcher(text);
						at = pkg.find() ? pkg.end() : 0;
					}
					String delimiter = TextUtilities.getDefaultLineDelimiter(doc);
					doc.replace(at, 0, (at == 0 ? "" : delimiter) + "import " + pack + ".*" + (at == 0 ? delimiter : ""));
				}
			});
		}
		return fixes;
	}
}
