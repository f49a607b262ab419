package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The CLI wrapper with real processes: timeouts kill, close kills, the environment is clean. */
public class ComposeCliTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A script that records its pid and that of a child, then hangs. */
	private Path hangingScript() throws IOException {
		Path script = tmp.getRoot().toPath().resolve("hang.sh");
		Files.writeString(script, "#!/bin/sh\necho $$ > \"$0.pid\"\nsleep 300 &\necho $! > \"$0.child\"\nwait\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

	private static long pid(Path file) throws Exception {
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
				.until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
		return Long.parseLong(Files.readString(file).trim());
	}

	private static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	@Test
	public void aCallThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
		Path script = hangingScript();
		ComposeCli cli = new ComposeCli("docker", "", "", tmp.newFolder("t").toPath());
		Path log = tmp.getRoot().toPath().resolve("d/deployment.log");
		long start = System.nanoTime();
		try {
			cli.run(List.of(script.toString()), Duration.ofSeconds(1), log, null);
			fail("no timeout");
		} catch (ComposeCli.TimeoutException expected) {
			assertTrue(expected.getMessage(), expected.getMessage().contains("did not finish within 1 s"));
		}
		assertTrue("killed promptly", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
		assertFalse(alive(pid(Path.of(script + ".pid"))));
		assertFalse("the child is killed too", alive(pid(Path.of(script + ".child"))));
		assertEquals(0, cli.running());
		assertTrue(Files.readString(log).contains("(killed: timeout)"));
	}

	@Test
	public void closeKillsRunningCallsAndRefusesNewOnes() throws Exception {
		Path script = hangingScript();
		ComposeCli cli = new ComposeCli("docker", "", "", tmp.newFolder("t").toPath());
		CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
			try {
				return cli.run(List.of(script.toString()), Duration.ofMinutes(5), null, null);
			} catch (IOException e) {
				return e;
			}
		});
		long pid = pid(Path.of(script + ".pid"));
		long child = pid(Path.of(script + ".child"));
		cli.close();
		Object result = call.get(15, TimeUnit.SECONDS);
		assertTrue(String.valueOf(result), result instanceof IOException);
		assertFalse(alive(pid));
		assertFalse(alive(child));
		assertEquals(0, cli.running());
		try {
			cli.run(List.of("true"), Duration.ofSeconds(5), null, null);
			fail("ran after close");
		} catch (IOException expected) {
			assertTrue(expected.getMessage().contains("stopping"));
		}
	}

	@Test
	public void programsSeeOnlyAMinimalEnvironmentWithTheConfiguredDockerHost() throws Exception {
		ComposeCli cli = new ComposeCli("docker", "", "unix:///tmp/somewhere.sock", tmp.newFolder("t").toPath());
		ComposeCli.Result r = cli.run(List.of("/usr/bin/env"), Duration.ofSeconds(10), null, null);
		assertEquals(0, r.exit());
		Set<String> names = new TreeSet<>();
		r.output().lines().forEach(l -> names.add(l.substring(0, l.indexOf('='))));
		names.remove("DOCKER_CONFIG");
		names.remove("PWD");
		assertEquals(Set.of("DOCKER_HOST", "HOME", "LANG", "PATH"), names);
		assertTrue(r.output().contains("DOCKER_HOST=unix:///tmp/somewhere.sock\n"));
	}

	@Test
	public void aConfiguredComposeCommandIsUsedAsGivenWithProjectArguments() throws Exception {
		Path fake = tmp.getRoot().toPath().resolve("fake-compose");
		Files.writeString(fake, "#!/bin/sh\necho \"$@\"\n");
		Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
		ComposeCli cli = new ComposeCli("docker", fake + " --verbose", "", tmp.newFolder("t").toPath());
		Path file = tmp.newFolder("p").toPath().resolve("compose.json");
		ComposeCli.Result r = cli.compose(file, "dinfra-9", Duration.ofSeconds(10), null, "up", "-d");
		assertEquals("--verbose --ansi never -p dinfra-9 -f " + file + " --project-directory " + file.getParent() + " up -d",
				r.output().strip());
	}

	@Test
	public void composeIsFoundOnThisMachine() throws Exception {
		ComposeCli cli = new ComposeCli("docker", "", "", tmp.newFolder("t").toPath());
		List<String> compose = cli.compose();
		assertTrue(compose.toString(), compose.equals(List.of(ComposeCli.resolve("docker"), "compose"))
				|| compose.get(0).endsWith("/docker-compose"));
		assertEquals("v1 is the docker-compose program", compose.get(0).endsWith("/docker-compose"), cli.isV1());
	}
}
