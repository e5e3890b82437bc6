package org.underlay.dsl.formatting2;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractFormatter2;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegionsFinder;
import org.eclipse.xtext.resource.XtextResource;
import org.underlay.dsl.underlay.Design;
import org.underlay.dsl.underlay.DeviceType;
import org.underlay.dsl.underlay.Import;
import org.underlay.dsl.underlay.PackageElement;
import org.underlay.dsl.underlay.ParamDecl;
import org.underlay.dsl.underlay.Site;

/**
 * Layout, not style: blocks are indented one tab per level, every member of a block starts its own line, and at
 * most one blank line separates things. Within a line the operator's spacing and grouping ('vendor "Dell" model
 * "R650"' on one line) stays as written. Formatting twice gives the same text.
 */
public class UnderlayFormatter extends AbstractFormatter2 {

	/** Properties that are written as keyword + value inside a block and may share a line. */
	private static final List<String> PROPERTY_KEYWORDS = List.of("vendor", "model", "height", "half-width",
			"half-depth", "psus", "capacity", "description");

	@Override
	public void format(Object object, IFormattableDocument document) {
		if (object instanceof XtextResource resource) {
			_format(resource, document);
			return;
		}
		if (!(object instanceof EObject element)) {
			return;
		}
		if (element instanceof Design design) {
			for (Import imported : design.getImports()) {
				document.prepend(imported, f -> f.setNewLines(1, 1, 2));
			}
			PackageElement previous = null;
			for (PackageElement member : design.getElements()) {
				// a blank line between elements; a run of param declarations may stay together
				boolean paramRun = previous instanceof ParamDecl && member instanceof ParamDecl;
				document.prepend(member, f -> {
					if (paramRun) {
						f.setNewLines(1, 1, 2);
					} else {
						f.setNewLines(2);
					}
				});
				format(member, document);
				previous = member;
			}
			return;
		}
		ISemanticRegionsFinder regions = textRegionExtensions.regionFor(element);
		ISemanticRegion open = regions.keyword("{");
		ISemanticRegion close = regions.keyword("}");
		if (open != null && close != null) {
			document.prepend(open, f -> f.oneSpace());
			document.append(open, f -> f.newLine());
			document.interior(open, close, f -> f.indent());
			document.prepend(close, f -> f.newLine());
			for (EObject member : element.eContents()) {
				if (textRegionExtensions.regionForEObject(member) != null) {
					document.prepend(member, f -> {
						f.lowPriority();
						f.setNewLines(1, 1, 2);
					});
				}
			}
			if (element instanceof DeviceType || element instanceof Site) {
				for (String keyword : PROPERTY_KEYWORDS) {
					for (ISemanticRegion property : regions.keywords(keyword)) {
						document.prepend(property, f -> {
							f.lowPriority();
							f.setNewLines(0, 0, 1);
							f.setSpace(" ");
						});
					}
				}
			}
		}
		for (EObject child : element.eContents()) {
			format(child, document);
		}
	}
}
