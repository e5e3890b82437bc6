package org.underlay.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.underlay.dsl.params.Templates;
import org.underlay.dsl.params.Templates.Rendering;

/**
 * Param values rendered into shell commands are quoted for where they stand, so a value is one literal piece of the
 * command whatever it holds; {@code | raw} opts out. The real shell is the judge: each rendered command runs through
 * {@code /bin/sh -c} and must print the value, literally, and do nothing else.
 */
class TemplatesTest {

	@TempDir
	Path cwd;

	static Stream<Arguments> renderings() {
		return Stream.of(
				// a value of plain characters stays as it is, so plans stay readable
				Arguments.of("echo {{ v }}", "deb.debian.org", "echo deb.debian.org"),
				Arguments.of("echo {{ v }}", "a-b_c.d/e:f=g@h%i+j,k", "echo a-b_c.d/e:f=g@h%i+j,k"),
				// anything else becomes one single-quoted word
				Arguments.of("echo {{ v }}", "m; id #", "echo 'm; id #'"),
				Arguments.of("echo {{ v }}", "it's", "echo 'it'\\''s'"),
				Arguments.of("echo {{ v }}", "", "echo ''"),
				Arguments.of("echo --mirror={{ v }}/debian", "a b", "echo --mirror='a b'/debian"),
				// inside single quotes the template already wrote: only a quote needs care
				Arguments.of("echo 'deb http://{{ v }}/debian main'", "m; id #", "echo 'deb http://m; id #/debian main'"),
				Arguments.of("echo 'x {{ v }}'", "it's", "echo 'x it'\\''s'"),
				// inside double quotes: $ ` " \ are escaped
				Arguments.of("echo \"{{ v }}\"", "$(id) `id` \"q\" \\", "echo \"\\$(id) \\`id\\` \\\"q\\\" \\\\\""),
				// a command substitution inside double quotes is a fresh context
				Arguments.of("test \"$(cat {{ v }})\" = x", "a b", "test \"$(cat 'a b')\" = x"),
				// raw: as it is
				Arguments.of("echo {{ v | raw }}", "a; b", "echo a; b"),
				Arguments.of("echo {{v|raw}}", "$HOME", "echo $HOME"));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("renderings")
	void valuesAreQuotedForWhereTheyStand(String template, String value, String expected) {
		Rendering rendering = Templates.renderShell(template, name -> name.equals("v") ? value : null);
		assertEquals(expected, rendering.text());
		assertEquals(List.of(), rendering.problems());
	}

	/** Values an attacker (or a typo) might put into a param. */
	static final List<String> DANGEROUS = List.of("m; touch pwned #", "m; id #", "a'b", "a\"b", "$(touch pwned)",
			"`touch pwned`", "\\", "x\\'y", "a\nb; touch pwned", "*", "~", "", "$HOME", "'; touch pwned; '",
			"\"; touch pwned; \"", "' \"; touch pwned; \" '", "}}", "{{ v }}", "-n", "a  b\tc", "$((1+1))", "!!",
			"${IFS}", "a|touch pwned", "a&&touch pwned", "a>pwned", "(touch pwned)", "\\\"; touch pwned; \\\"");

	/** Templates with the value in every context, and what the command must print for a value v. */
	static final Map<String, String> CONTEXTS = Map.of(
			"printf '%s\\n' {{ v }}", "%s",
			"printf '%s\\n' x{{ v }}y", "x%sy",
			"printf '%s\\n' '{{ v }}'", "%s",
			"printf '%s\\n' 'a {{ v }} b'", "a %s b",
			"printf '%s\\n' \"{{ v }}\"", "%s",
			"printf '%s\\n' \"a {{ v }} b\"", "a %s b",
			"printf '%s\\n' \"[$(printf '%s' {{ v }})]\"", "[%s]",
			"printf '%s\\n' \"[$(printf '%s' \"{{ v }}\")]\"", "[%s]");

	static Stream<Arguments> shellCases() {
		return CONTEXTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
				.flatMap(c -> DANGEROUS.stream().map(v -> Arguments.of(c.getKey(), v, c.getValue())));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("shellCases")
	void theShellSeesTheValueLiterallyAndRunsNothingElse(String template, String value, String printed)
			throws Exception {
		Rendering rendering = Templates.renderShell(template, name -> name.equals("v") ? value : null);
		assertEquals(List.of(), rendering.problems());
		assertEquals(printed.replace("%s", value) + "\n", sh(rendering.text()), () -> "rendered: " + rendering.text());
		assertFalse(Files.exists(cwd.resolve("pwned")), () -> "the value ran a command: " + rendering.text());
	}

	@Test
	void rawIsRawTheShellRunsWhatTheValueSays() throws Exception {
		Rendering rendering = Templates.renderShell("printf '%s\\n' {{ v | raw }}", name -> "x; touch pwned");
		assertEquals("printf '%s\\n' x; touch pwned", rendering.text());
		assertEquals("x\n", sh(rendering.text()));
		assertTrue(Files.exists(cwd.resolve("pwned")), "raw means raw: the operator asked for it");
	}

	@Test
	void theBriefsExampleWritesTheMirrorLiterally() throws Exception {
		Rendering rendering = Templates.renderShell("echo {{ os.mirror }} > mirror", name -> "m; id #");
		assertEquals("echo 'm; id #' > mirror", rendering.text());
		assertEquals("", sh(rendering.text()), "id printed nothing, because it did not run");
		assertEquals("m; id #\n", Files.readString(cwd.resolve("mirror")));
	}

	@Test
	void quotesTheTemplateOpensAreFollowedAcrossReferences() {
		// the second reference is inside the quotes the first literal part opened
		Rendering rendering = Templates.renderShell("echo \"{{ a }}\" '{{ b }}' {{ c }}",
				name -> Map.of("a", "$x", "b", "it's", "c", "y z").get(name));
		assertEquals("echo \"\\$x\" 'it'\\''s' 'y z'", rendering.text());
	}

	/** Where quoting cannot protect a value, a plain value is still fine, and anything else is a problem. */
	static Stream<Arguments> unquotable() {
		return Stream.of(Arguments.of("cat <<EOF\n{{ v }}\nEOF", "here-document"),
				Arguments.of("echo `echo {{ v }}`", "backquotes"), Arguments.of("echo ok # {{ v }}", "comment"),
				Arguments.of("echo $'{{ v }}'", "$'"), Arguments.of("echo \\{{ v }}", "backslash"),
				Arguments.of("echo ${{ v }}", "'$'"),
				// where shells differ, or this check cannot follow the quotes, it stops following them
				Arguments.of("echo \"${x:-\"{{ v }}\"}\"", "${…}"), Arguments.of("echo ${HOME} {{ v }}", "${…}"),
				Arguments.of("x=\"$(case a in a) echo ok;; esac)\" {{ v }}", "'case'"),
				// another shell parses the command line again: quoting for the first one does not protect
				Arguments.of("sudo sh -c 'echo {{ v }} > /etc/mirror'", "another shell"),
				Arguments.of("su - deploy -c \"echo {{ v }}\"", "another shell"),
				Arguments.of("/bin/bash -lc \"x=$(printf %s {{ v }})\"", "another shell"),
				Arguments.of("eval echo {{ v }}", "another shell"), Arguments.of("ssh db-01 cat {{ v }}", "another shell"),
				Arguments.of("{{ shell }} -c 'echo {{ v }}'", "another shell"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unquotable")
	void whereQuotingCannotProtectOnlyPlainValuesPass(String template, String where) {
		Rendering plain = Templates.renderShell(template, name -> name.equals("shell") ? "sh" : "deb.debian.org");
		assertEquals(List.of(), plain.problems(), "a plain value means the same everywhere");
		Rendering dangerous = Templates.renderShell(template, name -> name.equals("shell") ? "sh" : "$(touch pwned)");
		assertEquals(1, dangerous.problems().size(), dangerous::toString);
		assertTrue(dangerous.problems().get(0).contains("{{ v }}"), dangerous.problems()::toString);
		assertTrue(dangerous.problems().get(0).contains(where), dangerous.problems()::toString);
	}

	@Test
	void anotherShellsCommandLineEndsWithItsCommand() throws Exception {
		Rendering rendering = Templates.renderShell("sh -c 'echo hi' && printf '%s\\n' {{ v }}", name -> "a; touch pwned");
		assertEquals(List.of(), rendering.problems());
		assertEquals("hi\na; touch pwned\n", sh(rendering.text()));
		assertFalse(Files.exists(cwd.resolve("pwned")));
		assertEquals(List.of(), Templates.renderShell("wc -c {{ v }}", name -> "a b").problems(), "-c of another command");
	}

	@Test
	void aCaseOutsideACommandSubstitutionIsFollowed() throws Exception {
		Rendering rendering = Templates.renderShell("case {{ v }} in a) echo no;; *) printf '%s\\n' {{ v }};; esac",
				name -> "a; touch pwned");
		assertEquals(List.of(), rendering.problems());
		assertEquals("a; touch pwned\n", sh(rendering.text()));
		assertFalse(Files.exists(cwd.resolve("pwned")));
	}

	@Test
	void hereStringsAreNotHereDocuments() throws Exception {
		Rendering rendering = Templates.renderShell("cat <<< {{ v }}", name -> "a; touch pwned");
		assertEquals(List.of(), rendering.problems());
		assertEquals("cat <<< 'a; touch pwned'", rendering.text());
	}

	@Test
	void scriptPathAndArgumentsSplitOutsideReferences() {
		assertEquals(List.of("scripts/{{ disk.layout }}.sh", "--force {{ x }}"),
				List.of(Templates.splitScript("scripts/{{ disk.layout }}.sh --force {{ x }}")));
		assertEquals(List.of("run.sh", ""), List.of(Templates.splitScript("run.sh")));
		assertEquals(List.of("{{ s }}", "a"), List.of(Templates.splitScript("{{ s }} a")));
	}

	@Test
	void referencesAndFilters() {
		assertEquals(List.of("os.image", "tier", "x"), Templates.references("a {{ os.image }} {{tier|raw}} {{ x | upper }}"));
		assertEquals(List.of("raw", "upper"), Templates.parse("a {{ os.image }} {{tier|raw}} {{ x | upper }}").stream()
				.map(Templates.Reference::filter).filter(Objects::nonNull).toList());
	}

	private String sh(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("/bin/sh", "-c", command).directory(cwd.toFile())
				.redirectErrorStream(true).start();
		process.getOutputStream().close();
		assertTrue(process.waitFor(10, TimeUnit.SECONDS), "sh finished");
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}
}
