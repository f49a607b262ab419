package org.dinfra.status.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.dinfra.status.internal.DeploymentLogs;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DeploymentLogCommandTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private String karafData;
	private PrintStream stdout;
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Before
	public void setUp() {
		karafData = System.getProperty("karaf.data");
		System.setProperty("karaf.data", tmp.getRoot().getPath());
		stdout = System.out;
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
	}

	@After
	public void tearDown() {
		System.setOut(stdout);
		if (karafData == null) {
			System.clearProperty("karaf.data");
		} else {
			System.setProperty("karaf.data", karafData);
		}
	}

	private String printed() {
		return out.toString(StandardCharsets.UTF_8);
	}

	private static Path log(String id, String... lines) throws Exception {
		Path file = DeploymentLogs.of(id);
		Files.createDirectories(file.getParent());
		Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		return file;
	}

	private static DeploymentLogCommand command(String id) {
		DeploymentLogCommand c = new DeploymentLogCommand();
		c.id = id;
		return c;
	}

	@Test
	public void logIsUnderKarafDataLogDeployments() {
		assertEquals(tmp.getRoot().toPath().resolve("log/deployments/18446744073709551615.log"),
				DeploymentLogs.of("18446744073709551615"));
		assertThrows(IllegalArgumentException.class, () -> DeploymentLogs.of("../etc/users"));
	}

	@Test
	public void printsTheWholeLogOrItsLastLines() throws Exception {
		log("7", "one", "two", "three");
		command("7").execute();
		assertEquals("one\ntwo\nthree\n", printed().replace(System.lineSeparator(), "\n"));
		out.reset();
		DeploymentLogCommand last = command("7");
		last.lines = 2;
		last.execute();
		assertEquals("two\nthree\n", printed().replace(System.lineSeparator(), "\n"));
	}

	@Test
	public void followPrintsAppendedLinesUntilInterrupted() throws Exception {
		log("8", "before");
		DeploymentLogCommand follow = command("8");
		follow.follow = true;
		Thread t = new Thread(() -> {
			try {
				follow.execute();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		t.start();
		waitFor("before");
		log("8", "after 1", "after 2");
		waitFor("after 2");
		t.interrupt();
		t.join(5000);
		assertFalse("the command ends on Ctrl-C (interrupt)", t.isAlive());
		assertEquals("before\nafter 1\nafter 2\n", printed().replace(System.lineSeparator(), "\n"));
	}

	@Test
	public void followWaitsForALogThatDoesNotExistYet() throws Exception {
		DeploymentLogCommand follow = command("9");
		follow.follow = true;
		Thread t = new Thread(() -> {
			try {
				follow.execute();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		t.start();
		Thread.sleep(300);
		log("9", "first line");
		waitFor("first line");
		t.interrupt();
		t.join(5000);
		assertFalse(t.isAlive());
	}

	private void waitFor(String text) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!printed().contains(text)) {
			assertTrue("timed out waiting for '" + text + "'; printed: " + printed(), System.nanoTime() < deadline);
			Thread.sleep(20);
		}
	}
}
