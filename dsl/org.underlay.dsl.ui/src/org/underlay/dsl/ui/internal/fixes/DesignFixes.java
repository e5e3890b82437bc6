package org.underlay.dsl.ui.internal.fixes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.underlay.dsl.validation.IssueCodes;

/**
 * The quick fixes, by issue code, as plain text edits on the document: the same fixes serve the editor (Ctrl+1) and
 * the Problems view (marker resolutions). {@code offset}/{@code length} are the problem's region in the document.
 */
public final class DesignFixes {

	private DesignFixes() {
	}

	public static List<DesignFix> fixesFor(String code, String[] data, IDocument document, int offset, int length) {
		List<DesignFix> fixes = new ArrayList<>();
		if (code == null) {
			return fixes;
		}
		String first = data != null && data.length > 0 ? data[0] : null;
		switch (code) {
		case IssueCodes.RACK_UNIT_OVERLAP -> {
			String free = data != null && data.length > 1 ? data[1] : null;
			if (free != null && !free.isEmpty()) {
				fixes.add(replace("Move to the first free position: " + free, offset, length, free));
			}
		}
		case IssueCodes.BEYOND_RACK -> {
			if (first != null) {
				fixes.add(replace("Move to the first free position: " + first, offset, length, first));
			}
		}
		case IssueCodes.MISSING_POSITION -> {
			if (first != null) {
				fixes.add(new Edit("Place it at the first free position: " + first, doc -> {
					int end = endOfTypeReference(doc, offset);
					doc.replace(end, 0, " at " + first);
				}));
			}
		}
		case IssueCodes.DUPLICATE_NAME, IssueCodes.DUPLICATE_HOSTNAME -> {
			if (first != null) {
				String renamed = unusedName(document.get(), first);
				fixes.add(replace("Rename to " + renamed, offset, length, renamed));
			}
		}
		case IssueCodes.ADDRESS_OUTSIDE_SUBNET -> {
			if (first != null) {
				fixes.add(replace("Use the next free address " + first, offset, length, first));
			}
		}
		case IssueCodes.SUBNET_HOST_BITS -> {
			if (first != null) {
				fixes.add(replace("Use the network address " + first, offset, length, first));
			}
		}
		case IssueCodes.MISSING_BINDING -> {
			if (first != null) {
				fixes.add(new Edit("Add a binding for " + first, doc -> {
					int close = closingBrace(doc, offset);
					if (close >= 0) {
						int lineStart = doc.getLineOffset(doc.getLineOfOffset(close));
						doc.replace(lineStart, 0, "\t" + first + " { }\n");
					}
				}));
			}
		}
		case IssueCodes.UNUSED_PARAM -> fixes.add(new Edit("Remove the unused param", doc -> {
			IRegion line = doc.getLineInformationOfOffset(offset);
			int end = line.getOffset() + line.getLength();
			String delimiter = doc.getLineDelimiter(doc.getLineOfOffset(offset));
			doc.replace(line.getOffset(), end - line.getOffset() + (delimiter == null ? 0 : delimiter.length()), "");
		}));
		case IssueCodes.INSECURE_BMC -> {
			if ("cipher".equals(first)) {
				fixes.add(replace("Use cipher suite 3 (RAKP-HMAC-SHA1, AES-128)", offset, length, "3"));
				fixes.add(replace("Use cipher suite 17 (RAKP-HMAC-SHA256, AES-128)", offset, length, "17"));
			} else if (first != null) {
				fixes.add(new Edit("Remove '" + first + "'", doc -> {
					int start = offset;
					while (start > 0 && doc.getChar(start - 1) == ' ') {
						start--;
					}
					doc.replace(start, offset + length - start, "");
				}));
			}
		}
		case Diagnostic.LINKING_DIAGNOSTIC -> fixes.addAll(MissingImport.fixes(document, offset, length));
		default -> {
			// no fix for this code (yet)
		}
		}
		return fixes;
	}

	/** After "server web-01 : acme.lib.DellR650" starting at the name: the offset behind the type reference. */
	static int endOfTypeReference(IDocument document, int nameOffset) throws BadLocationException {
		String text = document.get();
		int colon = text.indexOf(':', nameOffset);
		if (colon < 0) {
			return nameOffset;
		}
		int i = colon + 1;
		while (i < text.length() && Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '\n') {
			i++;
		}
		while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "_-.^".indexOf(text.charAt(i)) >= 0)) {
			i++;
		}
		return i;
	}

	/** The '}' closing the first block that opens after {@code offset}. */
	static int closingBrace(IDocument document, int offset) {
		String text = document.get();
		int open = text.indexOf('{', offset);
		int depth = 0;
		for (int i = open; i >= 0 && i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '{') {
				depth++;
			} else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		return -1;
	}

	/** name-2, name-3, ...: the first that does not occur in the text as a word. */
	static String unusedName(String text, String name) {
		for (int n = 2;; n++) {
			String candidate = name + "-" + n;
			if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(candidate) + "(?![\\w-])")
					.matcher(text).find()) {
				return candidate;
			}
		}
	}

	private static DesignFix replace(String label, int offset, int length, String text) {
		return new Edit(label, doc -> doc.replace(offset, length, text));
	}

	private interface DocumentEdit {
		void apply(IDocument document) throws BadLocationException;
	}

	private record Edit(String label, DocumentEdit edit) implements DesignFix {
		@Override
		public void apply(IDocument document) throws BadLocationException {
			edit.apply(document);
		}
	}
}
