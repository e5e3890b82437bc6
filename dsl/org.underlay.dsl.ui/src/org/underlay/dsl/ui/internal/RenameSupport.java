package org.underlay.dsl.ui.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.underlay.dsl.ui.UnderlayLanguage;
import org.underlay.dsl.underlay.ParamDecl;

/**
 * Rename across files: the declaration and every reference to it in the design, each edit exactly on the name
 * (the last segment of a qualified reference). Open editors receive the edits (and stay dirty); files nobody has
 * open are saved.
 */
public final class RenameSupport {

	private static final Pattern NAME = Pattern.compile("\\^?[A-Za-z_][A-Za-z0-9_-]*");

	/** One edit in one file. */
	public record Edit(URI file, int offset, int length, String text) {
	}

	/** What a rename would do: the element's current name and the edits; or why it cannot be done. */
	public record Plan(String oldName, List<Edit> edits, String problem) {
	}

	private RenameSupport() {
	}

	public static Plan plan(IDocument document, int offset, String newName) {
		if (newName == null || !NAME.matcher(newName).matches()) {
			return new Plan(null, List.of(), "'" + newName + "' is not a name (letters, digits, '_' and '-')");
		}
		DesignContext.Located located = DesignContext.locate(document);
		XtextResourceSet design = located.context().freshDesign(located.uri(), document.get());
		XtextResource resource = (XtextResource) design.getResource(located.uri(), false);
		EObject target = UnderlayLanguage.get(EObjectAtOffsetHelper.class).resolveElementAt(resource, offset);
		EStructuralFeature nameFeature = target == null ? null : target.eClass().getEStructuralFeature("name");
		if (!(nameFeature instanceof EAttribute) || target.eResource() == null || target instanceof ParamDecl) {
			return new Plan(null, List.of(), "Only named elements (devices, types, networks, racks, ...) can be renamed here");
		}
		String oldName = (String) target.eGet(nameFeature);
		if (GrammarUtil.getAllKeywords(UnderlayLanguage.get(IGrammarAccess.class).getGrammar())
				.contains(newName)) {
			return new Plan(oldName, List.of(), "'" + newName + "' is a keyword of the language");
		}
		List<Edit> edits = new ArrayList<>();
		for (INode node : NodeModelUtils.findNodesForFeature(target, nameFeature)) {
			edits.add(new Edit(target.eResource().getURI(), node.getOffset(), node.getLength(), newName));
		}
		for (Edit reference : referencesTo(target, design)) {
			edits.add(new Edit(reference.file(), reference.offset(), reference.length(), newName));
		}
		return new Plan(oldName, edits, null);
	}

	/** Every reference to {@code target} in the design: the region of the referring name (its last segment). */
	static List<Edit> referencesTo(EObject target, XtextResourceSet design) {
		List<Edit> references = new ArrayList<>();
		for (Resource other : List.copyOf(design.getResources())) {
			for (var it = other.getAllContents(); it.hasNext();) {
				EObject object = it.next();
				for (EReference reference : object.eClass().getEAllReferences()) {
					if (reference.isContainment() || reference.isContainer() || !object.eIsSet(reference)) {
						continue;
					}
					List<INode> nodes = NodeModelUtils.findNodesForFeature(object, reference);
					List<?> values = reference.isMany() ? (EList<?>) object.eGet(reference) : List.of(object.eGet(reference));
					for (int i = 0; i < values.size() && i < nodes.size(); i++) {
						if (values.get(i) == target) {
							ILeafNode name = null;
							for (ILeafNode leaf : nodes.get(i).getLeafNodes()) {
								if (!leaf.isHidden()) {
									name = leaf; // the name is the last token: 'DellR650' of 'acme.lib.DellR650'
								}
							}
							if (name != null) {
								references.add(new Edit(other.getURI(), name.getOffset(), name.getLength(), name.getText()));
							}
						}
					}
				}
			}
		}
		return references;
	}

	/** The references to the element at {@code offset} (its declaration or a reference to it), across the design. */
	public static List<Edit> references(IDocument document, int offset) {
		DesignContext.Located located = DesignContext.locate(document);
		XtextResourceSet design = located.context().freshDesign(located.uri(), document.get());
		XtextResource resource = (XtextResource) design.getResource(located.uri(), false);
		EObject target = UnderlayLanguage.get(EObjectAtOffsetHelper.class).resolveElementAt(resource, offset);
		return target == null ? List.of() : referencesTo(target, design);
	}

	/** Applies the plan: the document at hand directly, other files through their shared buffers. */
	public static void apply(Plan plan, IDocument document, URI documentUri) throws CoreException, BadLocationException {
		Map<URI, List<Edit>> byFile = new LinkedHashMap<>();
		for (Edit edit : plan.edits()) {
			byFile.computeIfAbsent(edit.file(), f -> new ArrayList<>()).add(edit);
		}
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		for (Map.Entry<URI, List<Edit>> file : byFile.entrySet()) {
			List<Edit> edits = new ArrayList<>(file.getValue());
			edits.sort(Comparator.comparingInt(Edit::offset).reversed());
			if (file.getKey().equals(documentUri)) {
				for (Edit edit : edits) {
					document.replace(edit.offset(), edit.length(), edit.text());
				}
				continue;
			}
			IPath path = IPath.fromOSString(new File(file.getKey().toFileString()).getAbsolutePath());
			manager.connect(path, LocationKind.LOCATION, null);
			try {
				ITextFileBuffer buffer = manager.getTextFileBuffer(path, LocationKind.LOCATION);
				boolean shared = buffer.isShared();
				for (Edit edit : edits) {
					buffer.getDocument().replace(edit.offset(), edit.length(), edit.text());
				}
				if (!shared) {
					buffer.commit(null, true);
				}
			} finally {
				manager.disconnect(path, LocationKind.LOCATION, null);
			}
		}
	}

	static URI uriOf(IDocument document) {
		return DesignContext.locate(document).uri();
	}
}
