package org.dinfra.source.directory.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DirectorySourceTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path dir;
	private Path status;
	private DirectorySource source;
	private AutoCloseable watch;
	private final Recorder events = new Recorder();
	private final Cid cid = Cid.of("{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8));

	/** Records what the source delivers, in order. */
	static final class Recorder implements AssignmentListener {
		final List<String> events = new CopyOnWriteArrayList<>();
		volatile Collection<Assignment> snapshot;

		@Override
		public void snapshot(Collection<Assignment> assignments) {
			snapshot = assignments;
			events.add("snapshot " + assignments.size());
		}

		@Override
		public void assigned(Assignment a) {
			events.add("assigned " + a.id() + " " + a.type());
		}

		@Override
		public void ended(long id, String cause) {
			events.add("ended " + id);
		}

		@Override
		public void outOfSync() {
			events.add("outOfSync");
		}
	}

	@Before
	public void start() throws Exception {
		dir = tmp.newFolder("assignments").toPath();
		status = tmp.getRoot().toPath().resolve("status");
		source = new DirectorySource(dir, status, 50);
	}

	@After
	public void stop() throws Exception {
		if (watch != null) {
			watch.close();
		}
	}

	private void write(String name, String json) throws Exception {
		Path t = dir.resolve(name + ".tmp");
		Files.writeString(t, json);
		Files.move(t, dir.resolve(name));
	}

	private String assignment(String type) {
		return "{\"type\":\"" + type + "\",\"descriptor\":\"" + cid + "\",\"consumer\":\"5Grw\"}";
	}

	@Test
	public void existingFilesFormTheFirstSnapshot() throws Exception {
		write("7.json", assignment("docker-compose"));
		write("8.json", assignment("test-file"));
		watch = source.watch(events);
		await().atMost(Duration.ofSeconds(5)).until(() -> events.snapshot != null);
		assertEquals(2, events.snapshot.size());
		Assignment seven = events.snapshot.stream().filter(a -> a.id() == 7).findFirst().orElseThrow();
		assertEquals("docker-compose", seven.type());
		assertEquals(cid, seven.descriptor());
		assertEquals("5Grw", seven.consumer());
	}

	@Test
	public void addingAFileAssignsAndRemovingItEnds() throws Exception {
		watch = source.watch(events);
		await().atMost(Duration.ofSeconds(5)).until(() -> events.events.contains("snapshot 0"));
		write("42.json", assignment("docker-compose"));
		await().atMost(Duration.ofSeconds(5)).until(() -> events.events.contains("assigned 42 docker-compose"));
		Files.delete(dir.resolve("42.json"));
		await().atMost(Duration.ofSeconds(5)).until(() -> events.events.contains("ended 42"));
	}

	@Test
	public void anInvalidEditKeepsThePreviousAssignmentAndWritesTheProblems() throws Exception {
		write("9.json", assignment("docker-compose"));
		watch = source.watch(events);
		await().atMost(Duration.ofSeconds(5)).until(() -> events.events.contains("snapshot 1"));
		Files.writeString(dir.resolve("9.json"), "{\"type\":\"docker-compose\",\"descriptor\":\"not-a-cid\",\"extra\":1}");
		await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(status.resolve("9.json")));
		String problems = Files.readString(status.resolve("9.json"));
		assertTrue(problems, problems.contains("INVALID"));
		assertTrue(problems, problems.contains("/descriptor"));
		assertTrue(problems, problems.contains("/extra"));
		assertTrue("nothing ended: " + events.events, events.events.stream().noneMatch(e -> e.startsWith("ended")));
	}

	@Test
	public void filesThatAreNotNamedByAnIdAreIgnored() throws Exception {
		write("web.json", assignment("docker-compose"));
		watch = source.watch(events);
		await().atMost(Duration.ofSeconds(5)).until(() -> events.snapshot != null);
		assertEquals(0, events.snapshot.size());
		assertTrue(Files.readString(status.resolve("web.json")).contains("<deployment id>.json"));
	}

	@Test
	public void statusFilesRecordRunningFailedAndTerminated() throws Exception {
		source.running(5, List.of(new Endpoint("web:8080/tcp", "tcp://127.0.0.1:20080")));
		String running = Files.readString(status.resolve("5.json"));
		assertTrue(running, running.contains("\"RUNNING\"") && running.contains("tcp://127.0.0.1:20080"));
		source.failed(6, new Reason(ReasonCode.SCHEMA_INVALID, "bad", List.of("/message: must be a string")));
		String failed = Files.readString(status.resolve("6.json"));
		assertTrue(failed, failed.contains("SCHEMA_INVALID") && failed.contains("/message: must be a string"));
		source.terminated(5);
		assertTrue(Files.readString(status.resolve("5.json")).contains("TERMINATED"));
	}

	@Test
	public void closingTheWatchStopsDeliveries() throws Exception {
		watch = source.watch(events);
		await().atMost(Duration.ofSeconds(5)).until(() -> events.snapshot != null);
		watch.close();
		watch = null;
		int before = events.events.size();
		write("11.json", assignment("docker-compose"));
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
		assertEquals(before, events.events.size());
	}
}
