package org.dinfra.reactor.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigFileCheckTest {
	@interface Config {
		String endpoint() default "";

		int timeoutSeconds() default 30;

		double maxCpus() default 2.0;

		boolean expunge() default true;

		String[] allowed() default {"a", "b"};

		String[] zones() default {};

		String user_name() default "x";
	}

	@Rule
	public TemporaryFolder dir = new TemporaryFolder();

	private List<String> problems(String text) throws IOException {
		Path cfg = dir.newFile("x.cfg").toPath();
		Files.writeString(cfg, text, StandardCharsets.UTF_8);
		return ConfigFileCheck.problems(cfg, Config.class);
	}

	private static final String GOOD = """
			# The endpoint; empty: none.
			endpoint =
			# how long (s) = a sentence with an equals sign
			timeoutSeconds = 30
			maxCpus = 2
			# expunge = true
			allowed = a,b
			zones =
			user.name = x
			""";

	@Test
	public void aFileGivingEveryDefaultSetOrCommentedPasses() throws IOException {
		assertEquals(List.of(), problems(GOOD));
	}

	@Test
	public void aDefaultThatDriftedIsReported() throws IOException {
		List<String> p = problems(GOOD.replace("timeoutSeconds = 30", "timeoutSeconds = 60").replace("# expunge = true",
				"# expunge = false").replace("allowed = a,b", "allowed = a"));
		assertEquals(p.toString(), 3, p.size());
		assertTrue(p.get(0), p.get(0).startsWith("line 4: timeoutSeconds = 60, but its default is 30"));
		assertTrue(p.get(1), p.get(1).startsWith("line 6: expunge = false, but its default is true"));
		assertTrue(p.get(2), p.get(2).startsWith("line 7: allowed = a, but its default is a,b"));
	}

	@Test
	public void aKeyThatIsNoAttributeAndAnAttributeMissingFromTheFileAreReported() throws IOException {
		List<String> p = problems(GOOD.replace("zones =\n", "# pageSize = 500\n"));
		assertEquals(List.of("line 8: pageSize (commented) is no attribute of Config", "zones is not in the file"), p);
	}

	@Test
	public void aKeyGivenTwiceIsReported() throws IOException {
		assertEquals(List.of("line 10: endpoint is given twice"), problems(GOOD + "endpoint = \n"));
	}
}
