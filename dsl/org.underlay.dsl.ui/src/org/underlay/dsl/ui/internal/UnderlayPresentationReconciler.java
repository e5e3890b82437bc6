package org.underlay.dsl.ui.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.Color;
import org.eclipse.xtext.parser.antlr.ITokenDefProvider;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.parser.antlr.LexerBindings;
import org.underlay.dsl.ui.UnderlayLanguage;

import com.google.inject.Key;
import com.google.inject.name.Names;

/**
 * Syntax colouring with the language's own ANTLR lexer (the one the parser uses), so keywords, strings, numbers and
 * comments are coloured exactly as the parser reads them, with no second keyword list to keep in step.
 */
public class UnderlayPresentationReconciler extends PresentationReconciler {

	/** Token classes, in the order of {@link #STYLES}. */
	enum TokenClass {
		KEYWORD, STRING, NUMBER, COMMENT, OTHER
	}

	private static final Color KEYWORD_COLOR = new Color(127, 0, 85);
	private static final Color STRING_COLOR = new Color(42, 0, 255);
	private static final Color NUMBER_COLOR = new Color(18, 110, 130);
	private static final Color COMMENT_COLOR = new Color(63, 127, 95);
	/** Names that refer to a declaration elsewhere (types, devices, networks, profiles, params). */
	private static final Color REFERENCE_COLOR = new Color(0, 90, 160);

	public UnderlayPresentationReconciler() {
		LexerHighlighter highlighter = new LexerHighlighter();
		setDamager(highlighter, IDocument.DEFAULT_CONTENT_TYPE);
		setRepairer(highlighter, IDocument.DEFAULT_CONTENT_TYPE);
	}

	/** Classifies an ANTLR token name such as {@code 'rack'}, {@code RULE_STRING} or {@code RULE_SL_COMMENT}. */
	static TokenClass classify(String tokenName) {
		if (tokenName == null) {
			return TokenClass.OTHER;
		}
		if (tokenName.startsWith("'")) {
			return tokenName.length() > 2 && Character.isLetter(tokenName.charAt(1)) ? TokenClass.KEYWORD
					: tokenName.length() > 2 && Character.isDigit(tokenName.charAt(1)) ? TokenClass.NUMBER
							: TokenClass.OTHER;
		}
		return switch (tokenName) {
		case "RULE_STRING" -> TokenClass.STRING;
		case "RULE_INT" -> TokenClass.NUMBER;
		case "RULE_ML_COMMENT", "RULE_SL_COMMENT" -> TokenClass.COMMENT;
		default -> TokenClass.OTHER;
		};
	}

	static StyleRange style(TokenClass tokenClass, int start, int length) {
		return switch (tokenClass) {
		case KEYWORD -> new StyleRange(start, length, KEYWORD_COLOR, null, SWT.BOLD);
		case STRING -> new StyleRange(start, length, STRING_COLOR, null);
		case NUMBER -> new StyleRange(start, length, NUMBER_COLOR, null);
		case COMMENT -> new StyleRange(start, length, COMMENT_COLOR, null, SWT.ITALIC);
		default -> null;
		};
	}

	/** Re-lexes the whole document on each change: a design file of thousands of lines lexes in milliseconds. */
	private static final class LexerHighlighter implements IPresentationDamager, IPresentationRepairer {
		private IDocument document;
		private final Map<Integer, String> tokenNames = UnderlayLanguage.get(ITokenDefProvider.class).getTokenDefMap();

		@Override
		public void setDocument(IDocument document) {
			this.document = document;
		}

		@Override
		public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event, boolean partitioningChanged) {
			return new Region(0, document.getLength());
		}

		@Override
		public void createPresentation(TextPresentation presentation, ITypedRegion damage) {
			Lexer lexer = UnderlayLanguage.injector().getInstance(Key.get(Lexer.class, Names.named(LexerBindings.RUNTIME)));
			String text = document.get();
			lexer.setCharStream(new ANTLRStringStream(text));
			int end = damage.getOffset() + damage.getLength();
			Set<Integer> references = new HashSet<>();
			for (SemanticRegions.Reference reference : SemanticRegions.of(document)) {
				// only while the text still reads the same at that place
				if (text.startsWith(reference.text(), reference.offset())) {
					references.add(reference.offset());
				}
			}
			for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
				if (!(token instanceof CommonToken common)) {
					continue;
				}
				int start = common.getStartIndex();
				int length = common.getStopIndex() - start + 1;
				if (start + length <= damage.getOffset() || length <= 0) {
					continue;
				}
				if (start >= end) {
					break;
				}
				TokenClass tokenClass = classify(tokenNames.get(token.getType()));
				StyleRange range = tokenClass == TokenClass.OTHER && references.contains(start)
						? new StyleRange(start, length, REFERENCE_COLOR, null, SWT.ITALIC)
						: style(tokenClass, start, length);
				if (range != null) {
					presentation.addStyleRange(range);
				}
			}
		}
	}
}
