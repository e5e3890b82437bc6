package org.underlay.dsl.parsing;

import java.util.Map;

import org.antlr.runtime.EarlyExitException;
import org.antlr.runtime.MismatchedTokenException;
import org.antlr.runtime.MissingTokenException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.antlr.runtime.UnwantedTokenException;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.underlay.dsl.validation.IssueCodes;

/**
 * Syntax errors in the operator's words, never the parser's rule names: "expected a unit number after 'at', not
 * 'top'" instead of "mismatched input 'top' expecting RULE_INT". Code {@link IssueCodes#SYNTAX}.
 */
public class SyntaxMessages extends SyntaxErrorMessageProvider {

	/** What a number means after the keyword before it. */
	private static final Map<String, String> NUMBER_AFTER = Map.ofEntries(Map.entry("at", "a unit number"),
			Map.entry("height", "a height in rack units"), Map.entry("vlan", "a VLAN id (1-4094)"),
			Map.entry("psus", "a number of power supplies"), Map.entry("watts", "a number of watts"),
			Map.entry("capacity", "a number of watts"), Map.entry("voltage", "a number of volts"),
			Map.entry("amps", "a number of amperes"), Map.entry("cipher", "an IPMI cipher suite number"),
			Map.entry("ciphers", "an IPMI cipher suite number"), Map.entry("timeout", "a number of seconds"),
			Map.entry("speed", "a speed"), Map.entry("length", "a length"), Map.entry("outlet", "an outlet number"));

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
		RecognitionException e = context.getRecognitionException();
		String message = e == null ? plain(context.getDefaultMessage()) : describe(e, context.getTokenNames());
		return new SyntaxErrorMessage(message, IssueCodes.SYNTAX);
	}

	/** What the parser expected where it failed, in the language's words. */
	public static String describe(RecognitionException e, String[] names) {
		String before = previousText(e);
		String found = describeFound(e.token);
		if (e instanceof UnwantedTokenException) {
			return "unexpected " + found + after(before);
		}
		if (e instanceof MissingTokenException missing && missing.expecting > 0 && missing.expecting < names.length) {
			return "missing " + expected(names, missing.expecting, before) + after(before);
		}
		if (e instanceof MismatchedTokenException mismatched && mismatched.expecting > 0
				&& mismatched.expecting < names.length) {
			return "expected " + expected(names, mismatched.expecting, before) + after(before) + ", not " + found;
		}
		if (e instanceof EarlyExitException) {
			return "expected something more" + after(before) + ", not " + found;
		}
		return (e.token != null && e.token.getType() == Token.EOF ? "the file ends too early" : "unexpected " + found)
				+ after(before);
	}

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
		return new SyntaxErrorMessage(plain(context.getDefaultMessage()), IssueCodes.SYNTAX);
	}

	private static String after(String before) {
		return before == null ? "" : " after '" + before + "'";
	}

	private static String expected(String[] names, int type, String before) {
		if (type == Token.EOF) {
			return "the end of the file";
		}
		String name = names[type];
		return switch (name) {
		case "RULE_INT" -> before != null && NUMBER_AFTER.containsKey(before) ? NUMBER_AFTER.get(before) : "a number";
		case "RULE_ID" -> "a name";
		case "RULE_STRING" -> "a quoted text";
		case "RULE_IPV4" -> "an IPv4 address (10.0.0.1)";
		case "RULE_IPV4_PREFIX" -> "a subnet (10.0.0.0/24)";
		default -> name.startsWith("'") ? name : plain(name);
		};
	}

	private static String describeFound(Token token) {
		if (token == null || token.getType() == Token.EOF) {
			return "the end of the file";
		}
		return "'" + shorten(token.getText()) + "'";
	}

	/** The text of the last token before the error that is not a comment or a blank. */
	private static String previousText(RecognitionException e) {
		if (!(e.input instanceof TokenStream tokens) || e.token == null) {
			return null;
		}
		for (int i = e.token.getTokenIndex() - 1; i >= 0; i--) {
			Token t = tokens.get(i);
			if (!RecoveringParser.isHidden(t)) {
				return shorten(t.getText());
			}
		}
		return null;
	}

	private static String shorten(String text) {
		String line = text == null ? "" : text.replaceAll("\\s+", " ");
		return line.length() > 40 ? line.substring(0, 37) + "..." : line;
	}

	/** A default message without rule names ("RULE_INT" becomes "a number"). */
	private static String plain(String message) {
		if (message != null && message.matches("mismatched character (.*) expecting (.*)")) {
			// the lexer, inside a quoted text or a number: "expected '\"', not the end of the file"
			return plain(message.replaceFirst("mismatched character (.*) expecting (.*)", "expected $2, not $1")
					.replace("'<EOF>'", "the end of the file"));
		}
		if (message != null && message.startsWith("no viable alternative at character ")) {
			return "unexpected character " + message.substring("no viable alternative at character ".length());
		}
		return message == null ? "syntax error"
				: message.replace("RULE_INT", "a number").replace("RULE_ID", "a name").replace("RULE_STRING", "a quoted text")
						.replace("RULE_IPV4_PREFIX", "a subnet").replace("RULE_IPV4", "an IPv4 address")
						.replace("<EOF>", "the end of the file").replace("EOF", "the end of the file");
	}
}
