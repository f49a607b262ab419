package org.dinfra.cli.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dinfra.cli.Main;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The consumer commands' failures that need no chain: one error line, exit 1; usage errors exit 2. */
public class ConsumerCommandsTest {
	private static final String CHARLIE = "5DbKjhNLpqX3zqZdNBc9BGb4fHU1cRBaDhJUskrvkwfraDi6";

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private record Run(int exit, String out, String err) {
	}

	private static Run cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exit, out.toString(), err.toString());
	}

	private static void assertError(Run r, int exit, String message) {
		assertEquals(r.err(), exit, r.exit());
		assertEquals("", r.out());
		assertEquals("error: " + message + System.lineSeparator(), r.err());
	}

	private static String freePort() throws Exception {
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return Integer.toString(s.getLocalPort());
		}
	}

	@Test
	public void anUnreachableNodeIsOneErrorLine() throws Exception {
		String port = freePort();
		assertError(cli("subscriptions", "--account", CHARLIE, "--endpoint", "ws://127.0.0.1:" + port, "--timeout", "2"), 1,
				"cannot reach the node at ws://127.0.0.1:" + port + " (is it running? --endpoint or DINFRA_ENDPOINT)");
		assertError(cli("cancel", "3", "--suri", "//Charlie", "--endpoint", "ws://127.0.0.1:" + port, "--timeout", "1"), 1,
				"cannot reach the node at ws://127.0.0.1:" + port + " (is it running? --endpoint or DINFRA_ENDPOINT)");
	}

	@Test
	public void usageErrorsExitTwo() {
		assertEquals(2, cli("subscriptions", "--suri", "//Charlie", "--account", CHARLIE).exit());
		assertError(cli("cancel", "3", "--suri", "//Charlie", "--wait", "soon"), 2, "bad --wait 'soon': in-block or finalized");
		assertError(cli("cancel", "3", "--suri", "//Charlie", "--endpoint", "http://127.0.0.1:9944"), 2,
				"bad --endpoint 'http://127.0.0.1:9944': give a ws:// or wss:// URL");
		assertEquals(2, cli("cancel", "three", "--suri", "//Charlie").exit());
		assertEquals(2, cli("top-up", "3").exit());
		assertEquals(2, cli("subscribe", "x.json", "--type", "t", "--deposit", "1").exit());
		if (System.getenv(SignerOptions.ENV) == null) {
			assertError(cli("subscriptions"), 2, "which consumer? give --account ADDRESS, --suri-file FILE, set DINFRA_SURI, or --suri");
			assertError(cli("cancel", "3"), 2, "no consumer key: give --suri-file FILE, set DINFRA_SURI, or --suri for a dev account");
		}
	}

	@Test
	public void unreadableFilesAreOneErrorLine() throws Exception {
		Path missing = tmp.getRoot().toPath().resolve("missing");
		assertError(cli("cancel", "3", "--suri-file", missing.toString()), 1, "cannot read secret URI file " + missing + ": no such file");
		assertError(cli("subscribe", missing.toString(), "--type", "t", "--deposit", "1", "--max-price", "1", "--suri", "//Charlie"), 1,
				"no such file: " + missing);
	}

	@Test
	public void aDescriptorItsSchemaRefusesIsNeverSubmitted() throws Exception {
		Path reactor = tmp.newFolder("reactor").toPath();
		Files.createDirectories(reactor.resolve("schema"));
		Files.writeString(reactor.resolve("schema/greeting.schema.json"), """
				{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
				 "required":["message"],"properties":{"message":{"type":"string"}}}""");
		Path bad = tmp.newFile("bad.json").toPath();
		Files.writeString(bad, "{\"message\":5}");
		// the endpoint is never contacted: nothing listens there
		Run r = cli("subscribe", bad.toString(), "--type", "greeting", "--schema-path", reactor.toString(), "--deposit", "1",
				"--max-price", "1", "--suri", "//Charlie", "--endpoint", "ws://127.0.0.1:" + freePort());
		assertEquals(r.err(), 1, r.exit());
		assertTrue(r.err(), r.err().startsWith("error: " + bad + " is not a valid greeting descriptor (1 problem); nothing was submitted:"));
		assertTrue(r.err(), r.err().contains("/message"));
	}
}
