package org.underlay.dsl.params;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * POSIX shell quoting of values rendered into commands. A value is quoted for where it stands in the command: bare
 * (as one single-quoted word), inside single quotes the template opened (only a quote needs care), inside double
 * quotes (backslash before $ ` " \). Where no quoting can protect a value — a here-document, backquotes, a comment,
 * bash's $'…', right after a backslash or a '$' — and after constructs whose quoting the scanner does not follow
 * (a parameter expansion ${…}, a 'case' inside $( … )), only a value of plain characters is let through.
 */
public final class ShellQuoting {

	/** Characters that mean nothing to a shell in any context; a value made only of them stays as it is. */
	public static final String PLAIN_CHARACTERS = "A-Za-z0-9._/:=@%+,-";

	private static final Pattern PLAIN = Pattern.compile("[" + PLAIN_CHARACTERS + "]+");

	private ShellQuoting() {
	}

	/** True when the value reads the same to a shell wherever it stands (not empty, only plain characters). */
	public static boolean isPlain(String value) {
		return PLAIN.matcher(value).matches();
	}

	/** The value as one literal shell word: as it is when plain, else in single quotes ({@code '} as {@code '\''}). */
	public static String quote(String value) {
		return isPlain(value) ? value : "'" + value.replace("'", "'\\''") + "'";
	}

	/** Where a value stands in a command, as far as quoting goes. */
	enum Context {
		BARE(null), SINGLE_QUOTES(null), DOUBLE_QUOTES(null), HERE_DOCUMENT("in a here-document"),
		BACKQUOTES("in backquotes"), COMMENT("in a comment"), ANSI_C_QUOTES("in $'…'"),
		AFTER_BACKSLASH("after a backslash"), AFTER_DOLLAR("after a '$'"),
		AFTER_PARAMETER_EXPANSION("after a ${…} (whose quoting rules differ from shell to shell)"),
		AFTER_CASE("after a 'case' inside $( … ) (whose ')' this check does not tell apart)");

		/** Where quoting cannot protect a value, what to call the place; null where it can. */
		final String unquotable;

		Context(String unquotable) {
			this.unquotable = unquotable;
		}

		/** The value quoted for this context, or null when it cannot be (only plain values pass there). */
		String quote(String value) {
			return switch (this) {
			case BARE -> ShellQuoting.quote(value);
			case SINGLE_QUOTES -> value.replace("'", "'\\''");
			case DOUBLE_QUOTES -> value.replaceAll("([$`\"\\\\])", "\\\\$1");
			default -> isPlain(value) ? value : null;
			};
		}
	}

	/**
	 * Follows a command's text as a POSIX shell would read it, far enough to know which quotes are open: quotes,
	 * backslash escapes, command substitutions {@code $( )} (nested, inside double quotes too), backquotes, comments
	 * and here-documents (everything after the line with {@code <<} counts as one: its end is not tracked). Where it
	 * could be wrong about the quotes that follow — after {@code ${}, or a {@code case} (its patterns end in ')')
	 * inside a command substitution — it stops following: everything after counts as unquotable.
	 */
	static final class Scanner {

		private enum Frame {
			BARE, SUBSTITUTION, SINGLE, DOUBLE, ANSI_C, BACKQUOTES, COMMENT
		}

		private final Deque<Frame> frames = new ArrayDeque<>();
		/** Open parentheses per bare frame (a subshell or {@code $((}), so that ')' closes the right one. */
		private final Deque<Integer> parens = new ArrayDeque<>();
		private boolean escaped;
		private boolean hereDocumentPending;
		private boolean inHereDocument;
		/** Set when the scanner no longer knows the quotes: what it stopped after. */
		private Context lost;
		private char previous = ' ';
		/** The letters of the bare word being read, to notice 'case'. */
		private final StringBuilder word = new StringBuilder();

		Scanner() {
			frames.push(Frame.BARE);
			parens.push(0);
		}

		/** Where text appended now would stand. */
		Context context() {
			if (inHereDocument) {
				return Context.HERE_DOCUMENT;
			}
			if (lost != null) {
				return lost;
			}
			if (escaped) {
				return Context.AFTER_BACKSLASH;
			}
			Frame frame = frames.peek();
			if (previous == '$' && (frame == Frame.BARE || frame == Frame.SUBSTITUTION || frame == Frame.DOUBLE)) {
				return Context.AFTER_DOLLAR;
			}
			return switch (frame) {
			case BARE, SUBSTITUTION -> Context.BARE;
			case SINGLE -> Context.SINGLE_QUOTES;
			case DOUBLE -> Context.DOUBLE_QUOTES;
			case ANSI_C -> Context.ANSI_C_QUOTES;
			case BACKQUOTES -> Context.BACKQUOTES;
			case COMMENT -> Context.COMMENT;
			};
		}

		/** A value was appended, quoted for its context: it changes no quotes, and is part of a word. */
		void appendedWord() {
			escaped = false;
			previous = 'w';
			word.append('w');
		}

		void feed(String text) {
			for (int i = 0; i < text.length(); i++) {
				i = step(text, i);
			}
		}

		/** Reads the character at i (and what belongs to it); returns the index of the last character consumed. */
		private int step(String text, int i) {
			char c = text.charAt(i);
			char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
			if (inHereDocument || lost != null) {
				return i;
			}
			if (escaped) {
				escaped = false;
				previous = 'w';
				word.append('w');
				return i;
			}
			int consumed = i;
			switch (frames.peek()) {
			case SINGLE -> {
				if (c == '\'') {
					pop();
				}
			}
			case ANSI_C, BACKQUOTES -> {
				if (c == '\\') {
					escaped = true;
				} else if (c == (frames.peek() == Frame.ANSI_C ? '\'' : '`')) {
					pop();
				}
			}
			case COMMENT -> {
				if (c == '\n') {
					pop();
					consumed = bare(text, i, c, next);
				}
			}
			case DOUBLE -> {
				if (c == '\\') {
					escaped = true;
				} else if (c == '"') {
					pop();
				} else if (c == '`') {
					push(Frame.BACKQUOTES);
				} else if (c == '$' && next == '(') {
					push(Frame.SUBSTITUTION);
					consumed = i + 1;
				} else if (c == '$' && next == '{') {
					lost = Context.AFTER_PARAMETER_EXPANSION;
				}
			}
			case BARE, SUBSTITUTION -> consumed = bare(text, i, c, next);
			}
			previous = text.charAt(consumed);
			return consumed;
		}

		private int bare(String text, int i, char c, char next) {
			boolean wordStart = Character.isWhitespace(previous) || ";&|()<>".indexOf(previous) >= 0;
			if (Character.isLetter(c)) {
				word.append(c);
			} else {
				if (word.toString().equals("case") && frames.contains(Frame.SUBSTITUTION)) {
					lost = Context.AFTER_CASE;
				}
				word.setLength(0);
			}
			switch (c) {
			case '\\' -> escaped = true;
			case '\'' -> push(Frame.SINGLE);
			case '"' -> push(Frame.DOUBLE);
			case '`' -> push(Frame.BACKQUOTES);
			case '$' -> {
				if (next == '\'') {
					push(Frame.ANSI_C);
					return i + 1;
				}
				if (next == '(') {
					push(Frame.SUBSTITUTION);
					return i + 1;
				}
				if (next == '{') {
					lost = Context.AFTER_PARAMETER_EXPANSION;
				}
			}
			case '(' -> parens.push(parens.pop() + 1);
			case ')' -> {
				int open = parens.peek();
				if (open > 0) {
					parens.pop();
					parens.push(open - 1);
				} else if (frames.peek() == Frame.SUBSTITUTION) {
					pop();
				}
			}
			case '#' -> {
				if (wordStart) {
					push(Frame.COMMENT);
				}
			}
			case '<' -> {
				if (next == '<') {
					boolean hereString = i + 2 < text.length() && text.charAt(i + 2) == '<';
					hereDocumentPending |= !hereString;
					return hereString ? i + 2 : i + 1;
				}
			}
			case '\n' -> inHereDocument = hereDocumentPending;
			default -> {
				// a word character or blank: no quotes change
			}
			}
			return i;
		}

		private void push(Frame frame) {
			frames.push(frame);
			parens.push(0);
		}

		private void pop() {
			frames.pop();
			parens.pop();
		}
	}
}
