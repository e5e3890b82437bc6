package org.underlay.dsl.params;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
		AFTER_CASE("after a 'case' inside $( … ) (whose ')' this check does not tell apart)"),
		PARSED_AGAIN("in a command line another shell parses again (eval, ssh, watch, sh -c …)");

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
	 * and here-documents (everything after the line with {@code <<} counts as one: its end is not tracked). It notices
	 * a command whose arguments another shell parses again ({@code eval}, {@code ssh}, {@code watch}, a shell's or
	 * {@code su}'s {@code -c}): quoting for one shell does not protect there. Where it could be wrong about the quotes
	 * that follow — after {@code ${}, or a {@code case} (its patterns end in ')') inside a command substitution — it
	 * stops following: everything after counts as unquotable.
	 */
	static final class Scanner {

		private enum Kind {
			BARE, SUBSTITUTION, SINGLE, DOUBLE, ANSI_C, BACKQUOTES, COMMENT
		}

		/** Commands whose arguments are joined into a command line that a shell parses again. */
		private static final List<String> REPARSING = List.of("eval", "ssh", "watch");
		/** Commands whose {@code -c} argument is a command line for a shell. */
		private static final List<String> SHELLS = List.of("sh", "bash", "dash", "ash", "ksh", "mksh", "zsh",
				"busybox", "su", "runuser", "flock");

		/** A level of quoting or nesting; bare ones follow the simple command they are in. */
		private static final class Frame {
			final Kind kind;
			/** Open parentheses (a subshell or {@code $((}), so that ')' closes the right frame. */
			int parens;
			/** A shell (or su) was a word of the current simple command: its {@code -c} takes a command line. */
			boolean shellWord;
			/** The current simple command hands its arguments to another shell. */
			boolean reparsed;

			Frame(Kind kind) {
				this.kind = kind;
			}
		}

		private final Deque<Frame> frames = new ArrayDeque<>();
		private boolean escaped;
		private boolean hereDocumentPending;
		private boolean inHereDocument;
		/** Set when the scanner no longer knows the quotes: what it stopped after. */
		private Context lost;
		private char previous = ' ';
		/** The bare word being read (letters, digits, - _ . /), to notice 'case', 'eval', 'sh -c'. */
		private final StringBuilder word = new StringBuilder();

		Scanner() {
			frames.push(new Frame(Kind.BARE));
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
			if (frames.stream().anyMatch(f -> f.reparsed)) {
				return Context.PARSED_AGAIN;
			}
			Kind kind = frames.peek().kind;
			if (previous == '$' && (kind == Kind.BARE || kind == Kind.SUBSTITUTION || kind == Kind.DOUBLE)) {
				return Context.AFTER_DOLLAR;
			}
			return switch (kind) {
			case BARE, SUBSTITUTION -> Context.BARE;
			case SINGLE -> Context.SINGLE_QUOTES;
			case DOUBLE -> Context.DOUBLE_QUOTES;
			case ANSI_C -> Context.ANSI_C_QUOTES;
			case BACKQUOTES -> Context.BACKQUOTES;
			case COMMENT -> Context.COMMENT;
			};
		}

		/**
		 * A value was appended, quoted for its context: it changes no quotes, and is part of the word being read (a
		 * plain value as itself: {@code {{ shell }} -c} with "sh" is a shell's -c).
		 */
		void appended(String value) {
			escaped = false;
			previous = 'w';
			word.append(value != null && isPlain(value) ? value : "\0");
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
				word.append('\0');
				return i;
			}
			int consumed = i;
			Frame frame = frames.peek();
			switch (frame.kind) {
			case SINGLE -> {
				if (c == '\'') {
					pop();
				}
			}
			case ANSI_C, BACKQUOTES -> {
				if (c == '\\') {
					escaped = true;
				} else if (c == (frame.kind == Kind.ANSI_C ? '\'' : '`')) {
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
					push(Kind.BACKQUOTES);
				} else if (c == '$' && next == '(') {
					push(Kind.SUBSTITUTION);
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
			Frame frame = frames.peek();
			boolean wordStart = Character.isWhitespace(previous) || ";&|()<>".indexOf(previous) >= 0;
			if (Character.isLetterOrDigit(c) || "-_./".indexOf(c) >= 0) {
				word.append(c);
			} else {
				endOfWord(frame);
			}
			switch (c) {
			case '\\' -> escaped = true;
			case '\'' -> push(Kind.SINGLE);
			case '"' -> push(Kind.DOUBLE);
			case '`' -> push(Kind.BACKQUOTES);
			case '$' -> {
				if (next == '\'') {
					push(Kind.ANSI_C);
					return i + 1;
				}
				if (next == '(') {
					push(Kind.SUBSTITUTION);
					return i + 1;
				}
				if (next == '{') {
					lost = Context.AFTER_PARAMETER_EXPANSION;
				}
			}
			case '(' -> {
				frame.parens++;
				endOfCommand(frame);
			}
			case ')' -> {
				if (frame.parens > 0) {
					frame.parens--;
					endOfCommand(frame);
				} else if (frame.kind == Kind.SUBSTITUTION) {
					pop();
				}
			}
			case '#' -> {
				if (wordStart) {
					push(Kind.COMMENT);
				}
			}
			case '<' -> {
				if (next == '<') {
					boolean hereString = i + 2 < text.length() && text.charAt(i + 2) == '<';
					hereDocumentPending |= !hereString;
					return hereString ? i + 2 : i + 1;
				}
			}
			case ';', '&', '|' -> endOfCommand(frame);
			case '\n' -> {
				inHereDocument = hereDocumentPending;
				endOfCommand(frame);
			}
			default -> {
				// a word character or blank: no quotes change
			}
			}
			return i;
		}

		/** A bare word ends: is it one that changes how what follows is parsed? */
		private void endOfWord(Frame frame) {
			String completed = word.toString();
			word.setLength(0);
			String command = completed.substring(completed.lastIndexOf('/') + 1);
			if (completed.equals("case") && frames.stream().anyMatch(f -> f.kind == Kind.SUBSTITUTION)) {
				lost = Context.AFTER_CASE;
			} else if (REPARSING.contains(command)) {
				frame.reparsed = true;
			} else if (SHELLS.contains(command)) {
				frame.shellWord = true;
			} else if (frame.shellWord && completed.matches("-[A-Za-z]*c[A-Za-z]*")) {
				frame.reparsed = true;
			}
		}

		private static void endOfCommand(Frame frame) {
			frame.shellWord = false;
			frame.reparsed = false;
		}

		private void push(Kind kind) {
			word.setLength(0);
			frames.push(new Frame(kind));
		}

		private void pop() {
			word.setLength(0);
			frames.pop();
		}
	}
}
