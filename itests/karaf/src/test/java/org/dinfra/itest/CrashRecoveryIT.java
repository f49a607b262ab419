package org.dinfra.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dinfra.core.api.Cid;
import org.junit.After;
import org.junit.Test;

/**
 * Kills the agent with SIGKILL in the middle of a deploy and starts it again, as a crash or an
 * OOM killer would: afterwards there is exactly one deployment, reported once, and a second
 * crash after it runs changes nothing.
 */
public class CrashRecoveryIT {
	private static final Duration BOOT = Duration.ofSeconds(120);
	private KarafProcess karaf;

	@After
	public void stop() throws InterruptedException {
		if (karaf != null) {
			karaf.close();
		}
	}

	private Path reactor() {
		return karaf.data().resolve("dinfra-itest-reactor");
	}

	private List<String> calls() throws IOException {
		Path log = reactor().resolve("calls.log");
		return Files.exists(log) ? Files.readAllLines(log) : List.of();
	}

	private long count(String call) throws IOException {
		return calls().stream().filter(call::equals).count();
	}

	private String status(long id) throws IOException {
		Path file = karaf.data().resolve("dinfra/status/" + id + ".json");
		return Files.exists(file) ? Files.readString(file) : "";
	}

	private void assign(long id, String message) throws IOException {
		byte[] descriptor = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
		Cid cid = Cid.of(descriptor);
		Path content = karaf.data().resolve("dinfra/content");
		Files.createDirectories(content);
		Files.write(content.resolve(cid.toString()), descriptor);
		Path assignments = karaf.data().resolve("dinfra/assignments");
		Files.createDirectories(assignments);
		Files.writeString(assignments.resolve(id + ".tmp"), "{\"type\":\"test-file\",\"descriptor\":\"" + cid + "\"}");
		Files.move(assignments.resolve(id + ".tmp"), assignments.resolve(id + ".json"));
	}

	@Test
	public void killedMidDeployTheAgentEndsWithExactlyOneDeploymentReportedOnce() throws Exception {
		karaf = KarafProcess.unpack(Path.of(KarafOptions.artifact("dinfra.distro.zip")),
				Path.of(System.getProperty("dinfra.it.dir", "target/it"), "crash"));
		karaf.config("org.dinfra.source.directory", "scanIntervalMs", "200");
		karaf.config("org.dinfra.core", "minBackoffMs", "200");
		karaf.config("org.dinfra.core", "resyncSeconds", "2");
		karaf.config("org.dinfra.itest.reactor", "deployDelayMs", "8000");
		Files.copy(Path.of(KarafOptions.artifact("dinfra.itest.reactor")),
				karaf.home().resolve("deploy").resolve("dinfra-itest-reactor.jar"));
		assign(7, "crash me");

		karaf.start();
		await().atMost(BOOT).until(() -> count("deploy-start 7") == 1);
		karaf.kill();
		assertTrue("the deploy was cut short", Files.exists(reactor().resolve("7.partial")));
		assertFalse(Files.exists(reactor().resolve("7.json")));
		assertEquals("", status(7));

		karaf.start();
		await().atMost(BOOT).until(() -> status(7).contains("\"RUNNING\""));
		assertEquals("exactly one deployment", 1, count("created 7"));
		assertTrue(Files.exists(reactor().resolve("7.json")));
		assertFalse(Files.exists(reactor().resolve("7.partial")));
		String reportedAt = status(7);

		// Crash again once it runs: nothing is deployed or reported a second time.
		karaf.kill();
		karaf.config("org.dinfra.itest.reactor", "deployDelayMs", "0");
		karaf.start();
		assign(8, "after the second crash");
		await().atMost(BOOT).until(() -> status(8).contains("\"RUNNING\""));
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
		assertEquals(1, count("created 7"));
		assertEquals(0, count("teardown 7"));
		assertEquals("the running state was reported once", reportedAt, status(7));
		assertEquals(3, karaf.agentActivations());
	}
}
