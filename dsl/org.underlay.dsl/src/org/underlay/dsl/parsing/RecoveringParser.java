package org.underlay.dsl.parsing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.antlr.runtime.CharStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.IntStream;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenSource;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.impl.NodeModelBuilder;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.ParseResult;
import org.eclipse.xtext.parser.antlr.XtextTokenStream;
import org.underlay.dsl.parser.antlr.UnderlayParser;
import org.underlay.dsl.parser.antlr.internal.InternalUnderlayLexer;
import org.underlay.dsl.parser.antlr.internal.InternalUnderlayParser;

/**
 * A parser whose recovery costs a stray token, not the rest of its block. ANTLR 3 does not resynchronize inside a
 * member loop: a token that starts no member ends the loop, the block's '}' then fails to match, and recovery skips
 * to the enclosing block's follow set, dropping every member after the typo (one '39' emptied a rack). So when a
 * parse fails, a token is set aside as if it were a comment and the file is parsed again, as long as that moves the
 * first error further on (see {@link #candidates}). Each token set aside is reported as unexpected.
 */
public class RecoveringParser extends UnderlayParser {

	/** Enough for a few typos in one file; beyond that the file is being rewritten and the usual recovery will do. */
	private static final int MAX_SET_ASIDE = 8;

	@Override
	protected boolean isReparseSupported() {
		return false;
	}

	@Override
	protected IParseResult doParse(String ruleName, CharStream in, NodeModelBuilder builder, int initialLookAhead) {
		if (ruleName != null && !ruleName.equals(getDefaultRuleName())) {
			return super.doParse(ruleName, in, builder, initialLookAhead);
		}
		int start = in.mark();
		Attempt best = attempt(ruleName, in, builder, initialLookAhead, Map.of());
		while (best.failedAt != null && best.setAside.size() < MAX_SET_ASIDE) {
			Attempt better = null;
			for (List<CommonToken> candidate : candidates(best)) {
				Map<Integer, String> more = new LinkedHashMap<>(best.setAside);
				for (CommonToken token : candidate) {
					more.put(token.getStartIndex(), best.failure);
				}
				in.rewind(start);
				start = in.mark();
				Attempt next = attempt(ruleName, in, createNodeModelBuilder(), initialLookAhead, more);
				if (next.isBetterThan(best) && (better == null || next.isBetterThan(better))) {
					better = next;
				}
			}
			if (better == null) {
				break;
			}
			best = better;
		}
		return best.setAside.isEmpty() ? best.result : reportSetAside(best);
	}

	/**
	 * What to set aside next, one token at a time: the token the parse failed on (unless a '}'), the token before it
	 * (a keyword that began an element the failing token cannot continue) and the nearest '}' before it (a '}' too
	 * many closes its block early; the parse fails a few tokens later, on the first one that does not fit the
	 * enclosing block). Never a '{', which opens what follows. Last, the whole line of the failing token and of the
	 * token before it, when it holds no brace: a mistake no single token explains ('server : OneU at 3', a name left
	 * out) then costs its line and one error, not a cascade of guesses.
	 */
	private static Set<List<CommonToken>> candidates(Attempt attempt) {
		Set<CommonToken> tokens = new LinkedHashSet<>();
		CommonToken failedAt = attempt.failedAt;
		if (!"}".equals(failedAt.getText()) || depthBefore(attempt, failedAt) == 0) {
			// a '}' where something else was expected closes a block that lacks its end: setting it aside would only
			// move the error to the end of the file. One with no block open is simply one too many.
			addUnlessOpening(tokens, failedAt);
		}
		CommonToken previousToken = null;
		for (int i = failedAt.getTokenIndex() - 1; i >= 0; i--) {
			Token before = attempt.tokens.get(i);
			if (!isHidden(before) && before instanceof CommonToken token) {
				if (previousToken == null || "}".equals(token.getText())) {
					addUnlessOpening(tokens, token);
				}
				if (previousToken == null) {
					previousToken = token;
				}
				if ("}".equals(token.getText())) {
					break;
				}
			}
		}
		Set<List<CommonToken>> candidates = new LinkedHashSet<>();
		tokens.forEach(token -> candidates.add(List.of(token)));
		addLine(candidates, attempt, failedAt);
		if (previousToken != null) {
			addLine(candidates, attempt, previousToken);
		}
		return candidates;
	}

	/** The tokens on {@code token}'s line, unless one of them is a brace or it is the end of the file. */
	private static void addLine(Set<List<CommonToken>> candidates, Attempt attempt, CommonToken token) {
		if (token.getType() == Token.EOF) {
			return;
		}
		List<CommonToken> line = new ArrayList<>();
		for (int i = 0; i < attempt.tokens.size(); i++) {
			Token t = attempt.tokens.get(i);
			if (t.getLine() == token.getLine() && !isHidden(t) && t.getType() != Token.EOF
					&& t instanceof CommonToken common) {
				if ("{".equals(t.getText()) || "}".equals(t.getText())) {
					return;
				}
				line.add(common);
			}
		}
		if (line.size() > 1) {
			candidates.add(line);
		}
	}

	/** How many blocks are open before {@code token} (tokens set aside count as comments). */
	private static int depthBefore(Attempt attempt, CommonToken token) {
		int depth = 0;
		for (int i = 0; i < token.getTokenIndex(); i++) {
			Token t = attempt.tokens.get(i);
			if (!isHidden(t)) {
				depth += "{".equals(t.getText()) ? 1 : "}".equals(t.getText()) ? -1 : 0;
			}
		}
		return depth;
	}

	private static void addUnlessOpening(Set<CommonToken> candidates, CommonToken token) {
		if (token.getType() != Token.EOF && !"{".equals(token.getText())) {
			candidates.add(token);
		}
	}

	static boolean isHidden(Token token) {
		int type = token.getType();
		return type == InternalUnderlayLexer.RULE_WS || type == InternalUnderlayLexer.RULE_ML_COMMENT
				|| type == InternalUnderlayLexer.RULE_SL_COMMENT;
	}

	/**
	 * One error per run of neighbouring tokens set aside (only blanks between them), on the run's first token, saying
	 * what the parser expected where it first failed in that run ("expected a unit number after 'at', not 'top'"
	 * for 'at top', where both are set aside), or else that the token is unexpected.
	 */
	private IParseResult reportSetAside(Attempt attempt) {
		// collected first: setting an error replaces the leaf in the tree being walked
		List<List<ILeafNode>> runs = new ArrayList<>();
		boolean inRun = false;
		for (ILeafNode leaf : attempt.result.getRootNode().getLeafNodes()) {
			if (leaf.isHidden() && attempt.setAside.containsKey(leaf.getTotalOffset())) {
				if (!inRun) {
					runs.add(new ArrayList<>());
				}
				runs.get(runs.size() - 1).add(leaf);
				inRun = true;
			} else if (!leaf.isHidden() || !leaf.getText().isBlank()) {
				inRun = false;
			}
		}
		for (List<ILeafNode> run : runs) {
			String reason = null;
			for (Map.Entry<Integer, String> entry : attempt.setAside.entrySet()) {
				if (reason == null && run.stream().anyMatch(l -> l.getTotalOffset() == entry.getKey())) {
					reason = entry.getValue();
				}
			}
			ILeafNode first = run.get(0);
			attempt.builder.setSyntaxError(first,
					reason != null ? SyntaxErrors.setAside(reason) : SyntaxErrors.unexpected(first.getText()));
		}
		return new ParseResult(attempt.result.getRootASTElement(), attempt.result.getRootNode(), true);
	}

	/**
	 * One parse: its result, the tokens set aside (by offset, with what the parse that set each aside expected), the
	 * tokens read, the token of its first error, if any, and what was expected there.
	 */
	private record Attempt(IParseResult result, NodeModelBuilder builder, Map<Integer, String> setAside,
			XtextTokenStream tokens, CommonToken failedAt, String failure) {

		boolean isBetterThan(Attempt other) {
			return other.failedAt != null
					&& (failedAt == null || failedAt.getStartIndex() > other.failedAt.getStartIndex());
		}
	}

	// set for the duration of one attempt: the hooks below are called from super.doParse
	private Set<Integer> currentSetAside = Set.of();
	private XtextTokenStream currentTokens;
	private RecognitionException[] currentFirstError;

	private Attempt attempt(String ruleName, CharStream in, NodeModelBuilder builder, int initialLookAhead,
			Map<Integer, String> setAside) {
		RecognitionException[] firstError = new RecognitionException[1];
		currentSetAside = setAside.keySet();
		currentFirstError = firstError;
		try {
			IParseResult result = super.doParse(ruleName, in, builder, initialLookAhead);
			RecognitionException e = firstError[0];
			return new Attempt(result, builder, setAside, currentTokens, e == null ? null : (CommonToken) e.token,
					e == null ? null : SyntaxMessages.describe(e, InternalUnderlayParser.tokenNames));
		} finally {
			currentSetAside = Set.of();
			currentFirstError = null;
			currentTokens = null;
		}
	}

	@Override
	protected TokenSource createLexer(CharStream stream) {
		Set<Integer> setAside = currentSetAside;
		InternalUnderlayLexer lexer = new InternalUnderlayLexer() {
			@Override
			public Token nextToken() {
				Token token = super.nextToken();
				if (token.getType() != Token.EOF && token instanceof CommonToken common
						&& setAside.contains(common.getStartIndex())) {
					// a comment's type: the token stream skips it and the node model keeps its text
					common.setType(InternalUnderlayLexer.RULE_ML_COMMENT);
				}
				return token;
			}
		};
		lexer.setCharStream(stream);
		return lexer;
	}

	@Override
	protected InternalUnderlayParser createParser(XtextTokenStream stream) {
		currentTokens = stream;
		RecognitionException[] firstError = currentFirstError;
		return new InternalUnderlayParser(stream, getGrammarAccess()) {
			// an error is either reported (then recovered from) or thrown to the rule and recovered from there
			@Override
			public void reportError(RecognitionException e) {
				if (!state.errorRecovery) {
					remember(e);
				}
				super.reportError(e);
			}

			@Override
			public void recover(IntStream input, RecognitionException e) {
				remember(e);
				super.recover(input, e);
			}

			private void remember(RecognitionException e) {
				if (firstError != null && firstError[0] == null && e.token instanceof CommonToken) {
					firstError[0] = e;
				}
			}
		};
	}
}
