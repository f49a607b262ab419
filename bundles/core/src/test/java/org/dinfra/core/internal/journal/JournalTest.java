package org.dinfra.core.internal.journal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JournalTest {
	private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.678Z");

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path dir;
	private final List<Journal> opened = new ArrayList<>();

	@Before
	public void setUp() {
		dir = tmp.getRoot().toPath().resolve("journal");
	}

	@After
	public void closeAll() throws IOException {
		for (Journal j : opened) {
			j.close();
		}
	}

	private Journal open() throws IOException {
		return open(dir);
	}

	private Journal open(Path directory) throws IOException {
		Journal j = Journal.open(directory, false);
		opened.add(j);
		return j;
	}

	/** A record as the journal stores it (times in milliseconds, reactor available). */
	private static JournalRecord rec(long id, DeploymentState state, int version) {
		Cid cid = Cid.of(("descriptor " + id).getBytes(StandardCharsets.UTF_8));
		return new JournalRecord(new Deployment(id, "docker-compose", cid, "5Consumer" + id, state, null, List.of(),
				true, T0.plusMillis(version)), null);
	}

	private static Map<Long, JournalRecord> byId(Journal j) {
		return j.records().stream().collect(Collectors.toMap(JournalRecord::id, r -> r));
	}

	private Path log() {
		return dir.resolve(Journal.LOG_FILE);
	}

	private List<String> logLines() throws IOException {
		return Files.readAllLines(log(), StandardCharsets.UTF_8);
	}

	@Test
	public void emptyDirectoryGivesAnEmptyJournal() throws IOException {
		Journal j = open();
		assertTrue(j.records().isEmpty());
		assertEquals(Optional.empty(), j.get(1));
		assertTrue(Files.isDirectory(dir));
	}

	@Test
	public void recordsAreReplayedAfterReopen() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.ASSIGNED, 0), true);
		j.put(rec(2, DeploymentState.ASSIGNED, 0), false);
		j.put(rec(1, DeploymentState.RUNNING, 1), false);
		Map<Long, JournalRecord> before = byId(j);
		j.close();

		Journal reopened = open();
		assertEquals(before, byId(reopened));
		assertEquals(DeploymentState.RUNNING, reopened.get(1).orElseThrow().state());
	}

	@Test
	public void everyFieldSurvivesReplay() throws IOException {
		Deployment d = new Deployment(-2L, "vm", Cid.of(new byte[] {1}), "", DeploymentState.FAILED,
				new Reason(ReasonCode.SCHEMA_INVALID, "does not match", List.of("/a: bad", "/b/0: ünïcode ✓")),
				List.of(new Endpoint("web:8080", "http://203.0.113.7:18080"), new Endpoint("ssh", "ssh://h:22")), true,
				T0);
		JournalRecord full = new JournalRecord(d, DeploymentState.FAILED);
		Journal j = open();
		j.put(full, true);
		j.close();
		assertEquals(full, open().get(-2L).orElseThrow());
	}

	@Test
	public void removedRecordStaysRemovedAfterReopen() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.TERMINATED, 0), false);
		j.put(rec(2, DeploymentState.RUNNING, 0), false);
		j.remove(1);
		assertEquals(Optional.empty(), j.get(1));
		j.close();
		assertEquals(Map.of(2L, rec(2, DeploymentState.RUNNING, 0)), byId(open()));
	}

	@Test
	public void tornLastLineIsDroppedAndLaterAppendsSurvive() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 0), false);
		j.put(rec(2, DeploymentState.RUNNING, 0), false);
		j.put(rec(3, DeploymentState.RUNNING, 0), false);
		j.close();
		long size = Files.size(log());
		int last = logLines().get(2).length();
		truncate(log(), size - last / 2);

		Journal reopened = open();
		assertEquals(Map.of(1L, rec(1, DeploymentState.RUNNING, 0), 2L, rec(2, DeploymentState.RUNNING, 0)),
				byId(reopened));
		reopened.put(rec(4, DeploymentState.ASSIGNED, 0), true);
		reopened.close();

		Journal again = open();
		assertEquals(Map.of(1L, rec(1, DeploymentState.RUNNING, 0), 2L, rec(2, DeploymentState.RUNNING, 0), 4L,
				rec(4, DeploymentState.ASSIGNED, 0)), byId(again));
		assertEquals(3, logLines().size());
	}

	@Test
	public void lastLineMissingOnlyItsNewlineDoesNotSwallowLaterAppends() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 0), false);
		j.put(rec(2, DeploymentState.RUNNING, 0), false);
		j.close();
		truncate(log(), Files.size(log()) - 1);

		Journal reopened = open();
		assertEquals(1, reopened.get(1).map(r -> 1).orElse(0).intValue());
		reopened.put(rec(3, DeploymentState.ASSIGNED, 0), false);
		reopened.put(rec(1, DeploymentState.TERMINATED, 1), false);
		Map<Long, JournalRecord> expected = byId(reopened);
		reopened.close();

		assertEquals(expected, byId(open()));
	}

	@Test
	public void zeroFilledTailIsDropped() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 0), false);
		j.close();
		Files.write(log(), new byte[512], java.nio.file.StandardOpenOption.APPEND);

		Journal reopened = open();
		assertEquals(Map.of(1L, rec(1, DeploymentState.RUNNING, 0)), byId(reopened));
		reopened.put(rec(2, DeploymentState.RUNNING, 0), false);
		reopened.close();
		assertEquals(2, byId(open()).size());
	}

	@Test
	public void lineWithABadChecksumIsDropped() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.DEPLOYING, 0), false);
		j.put(rec(1, DeploymentState.RUNNING, 1), false);
		j.close();
		List<String> lines = logLines();
		lines.set(1, lines.get(1).replace("RUNNING", "RUNNINH"));
		Files.write(log(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

		Journal reopened = open();
		assertEquals("the corrupt update is dropped, the earlier state stays",
				rec(1, DeploymentState.DEPLOYING, 0), reopened.get(1).orElseThrow());
		reopened.put(rec(2, DeploymentState.ASSIGNED, 0), false);
		reopened.close();
		assertEquals(rec(2, DeploymentState.ASSIGNED, 0), open().get(2).orElseThrow());
	}

	@Test
	public void corruptLineInTheMiddleDoesNotDiscardTheCompleteLinesAfterIt() throws IOException {
		Journal j = open();
		for (long id = 1; id <= 4; id++) {
			j.put(rec(id, DeploymentState.RUNNING, 0), false);
		}
		j.close();
		List<String> lines = logLines();
		lines.set(1, "0badc0de" + lines.get(1).substring(8));
		Files.write(log(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

		Journal reopened = open();
		assertEquals(List.of(1L, 3L, 4L), reopened.records().stream().map(JournalRecord::id).sorted().toList());
		reopened.close();
		assertEquals("replay does not destroy what it skipped past", 4, logLines().size());
	}

	@Test
	public void compactionKeepsTheRecordsAcrossReopen() throws IOException {
		Journal j = open();
		for (int i = 0; i < 5000; i++) {
			j.put(rec(i % 100, DeploymentState.values()[i % 5], i), false);
		}
		j.remove(7);
		Map<Long, JournalRecord> before = byId(j);
		assertEquals(99, before.size());
		assertTrue("a snapshot was written", Files.exists(dir.resolve(Journal.SNAPSHOT_FILE)));
		assertTrue("the log was started afresh", logLines().size() < 4096);
		j.close();

		assertEquals(before, byId(open()));
	}

	@Test
	public void compactionRepeatsAndAppendsAfterItSurvive() throws IOException {
		Journal j = open();
		for (int i = 0; i < 3 * 4097 + 10; i++) {
			j.put(rec(i % 10, DeploymentState.RUNNING, i), i % 100 == 0);
		}
		Map<Long, JournalRecord> before = byId(j);
		j.close();
		Journal reopened = open();
		assertEquals(before, byId(reopened));
		reopened.put(rec(42, DeploymentState.ASSIGNED, 0), false);
		reopened.close();
		assertEquals(11, byId(open()).size());
	}

	@Test
	public void crashBetweenSnapshotRenameAndLogTruncationReplaysCorrectly() throws IOException {
		Journal j = open();
		int written = 0;
		for (; written < 4096; written++) {
			j.put(rec(written % 50, DeploymentState.DEPLOYING, written), false);
		}
		assertFalse(Files.exists(dir.resolve(Journal.SNAPSHOT_FILE)));
		Path oldLog = tmp.getRoot().toPath().resolve("old.log");
		Files.copy(log(), oldLog);
		// This write crosses the threshold: the snapshot is renamed into place, then the log reset.
		j.remove(3);
		j.put(rec(4, DeploymentState.RUNNING, 999_999), false);
		assertTrue(Files.exists(dir.resolve(Journal.SNAPSHOT_FILE)));
		Map<Long, JournalRecord> expected = byId(j);
		j.close();

		// The state a crash leaves after the rename but before the log is reset: the new snapshot
		// beside the old log (here as it was before the write that triggered the compaction, which
		// the snapshot covers: replaying the old log over it would bring record 3 back), followed
		// by what was appended after the restart.
		Path crashed = tmp.getRoot().toPath().resolve("crashed");
		Files.createDirectories(crashed);
		Files.copy(dir.resolve(Journal.SNAPSHOT_FILE), crashed.resolve(Journal.SNAPSHOT_FILE));
		Files.copy(oldLog, crashed.resolve(Journal.LOG_FILE));
		List<String> tail = logLines();
		Files.write(crashed.resolve(Journal.LOG_FILE), tail, java.nio.file.StandardOpenOption.APPEND);
		assertTrue("the old log still holds record 3", Files.readString(oldLog).contains("\"id\":3,"));
		assertFalse("the snapshot no longer does", expected.containsKey(3L));

		Journal recovered = open(crashed);
		assertEquals(expected, byId(recovered));
		recovered.put(rec(60, DeploymentState.ASSIGNED, 0), false);
		expected.put(60L, rec(60, DeploymentState.ASSIGNED, 0));
		recovered.close();
		assertEquals(expected, byId(open(crashed)));
	}

	@Test
	public void leftoverTemporarySnapshotIsIgnored() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 0), false);
		j.close();
		Files.writeString(dir.resolve(Journal.SNAPSHOT_FILE + ".tmp"), "{\"seq\": 99, \"records\": [");
		assertEquals(Map.of(1L, rec(1, DeploymentState.RUNNING, 0)), byId(open()));
	}

	@Test
	public void concurrentDurableWritersAllPersist() throws Exception {
		Journal j = Journal.open(dir, true);
		opened.add(j);
		int threads = 8;
		int perThread = 1100;
		CountDownLatch start = new CountDownLatch(1);
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			long base = t * 1000L;
			Thread w = new Thread(() -> {
				try {
					start.await();
					for (int i = 0; i < perThread; i++) {
						j.put(rec(base + i % 50, DeploymentState.values()[i % 4], i), true);
					}
				} catch (Throwable e) {
					failures.add(e);
				}
			});
			w.start();
			writers.add(w);
		}
		start.countDown();
		for (Thread w : writers) {
			w.join();
		}
		assertEquals(List.of(), failures);
		assertTrue("enough writes to compact on the way", threads * perThread > 4096);
		Map<Long, JournalRecord> expected = new HashMap<>();
		for (int t = 0; t < threads; t++) {
			for (int i = perThread - 50; i < perThread; i++) {
				expected.put(t * 1000L + i % 50, rec(t * 1000L + i % 50, DeploymentState.values()[i % 4], i));
			}
		}
		assertEquals(expected, byId(j));
		j.close();
		assertEquals(expected, byId(open()));
	}

	@Test
	public void writesAfterCloseFail() throws IOException {
		Journal j = open();
		j.close();
		assertThrows(IOException.class, () -> j.put(rec(1, DeploymentState.ASSIGNED, 0), true));
		assertThrows(IOException.class, () -> j.remove(1));
	}

	@Test
	public void syncAfterCloseOfAnFsyncJournalFails() throws IOException {
		Journal j = Journal.open(dir, true);
		j.put(rec(1, DeploymentState.ASSIGNED, 0), false);
		j.close();
		assertThrows(IOException.class, j::sync);
	}

	@Test
	public void updateAppliesItsChangeToTheRecordAsItIsWhenWritten() throws Exception {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 0), false);
		List<DeploymentState> seen = new ArrayList<>();
		JournalRecord kept = j.update(1, now -> {
			seen.add(now.state());
			if (seen.size() == 1) {
				// Another writer moves the record on between this read and the write.
				Thread other = new Thread(() -> {
					try {
						j.put(rec(1, DeploymentState.TEARING_DOWN, 1), false);
					} catch (IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
				});
				other.start();
				try {
					other.join();
				} catch (InterruptedException e) {
					throw new IllegalStateException(e);
				}
			}
			return now.reported(DeploymentState.RUNNING);
		}, false);
		assertEquals("applied again to the record the other writer left", List.of(DeploymentState.RUNNING,
				DeploymentState.TEARING_DOWN), seen);
		assertEquals(rec(1, DeploymentState.TEARING_DOWN, 1).reported(DeploymentState.RUNNING), kept);
		assertEquals(kept, j.get(1).orElseThrow());
		j.close();
		assertEquals(kept, open().get(1).orElseThrow());
	}

	@Test
	public void updateThatChangesNothingWritesNothingAndMayCreate() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 0), false);
		int lines = logLines().size();
		assertEquals(rec(1, DeploymentState.RUNNING, 0), j.update(1, now -> now, true));
		assertEquals(null, j.update(2, now -> now, true));
		assertEquals(lines, logLines().size());
		JournalRecord created = j.update(3, now -> now == null ? rec(3, DeploymentState.ASSIGNED, 0) : now, true);
		assertEquals(created, j.get(3).orElseThrow());
		assertEquals(lines + 1, logLines().size());
		assertThrows(IllegalArgumentException.class, () -> j.update(4, now -> rec(5, DeploymentState.ASSIGNED, 0), false));
	}

	@Test
	public void putAllNewLeavesARecordWrittenMeanwhileAlone() throws IOException {
		Journal j = open();
		j.put(rec(1, DeploymentState.RUNNING, 1), false);
		j.putAllNew(List.of(rec(1, DeploymentState.ASSIGNED, 0), rec(2, DeploymentState.ASSIGNED, 0)), true);
		Map<Long, JournalRecord> expected = Map.of(1L, rec(1, DeploymentState.RUNNING, 1), 2L,
				rec(2, DeploymentState.ASSIGNED, 0));
		assertEquals(expected, byId(j));
		assertEquals("one line per record written", 2, logLines().size());
		j.close();
		assertEquals(expected, byId(open()));
	}

	private static void truncate(Path file, long size) throws IOException {
		try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
			channel.truncate(size);
		}
	}
}
