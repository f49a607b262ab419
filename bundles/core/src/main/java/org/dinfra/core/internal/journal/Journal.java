package org.dinfra.core.internal.journal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A crash-safe journal of deployments: an append-only log of full records, each a
 * {@link JournalLine}, compacted now and then into a snapshot ({@link JournalFiles}). After a
 * crash at any point, replay gives the state as of the last complete line: a torn last line (no
 * newline, or failing its checksum) is dropped. A line that fails its checksum elsewhere is
 * skipped; the complete lines after it still count, as every line holds a full record.
 *
 * <p>A write marked durable returns only once it is on disk ({@code fsync}); concurrent durable
 * writers share one {@code fsync} (group commit).
 */
public final class Journal implements Closeable {
	private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
	static final String LOG_FILE = "journal.log";
	static final String SNAPSHOT_FILE = "journal.snapshot";
	private static final int MIN_COMPACT = 4096;

	private final Path directory;
	private final boolean fsync;
	private final JournalFiles files;
	private final Map<Long, JournalRecord> records = new ConcurrentHashMap<>();
	private final Object writeLock = new Object();
	private final Object syncLock = new Object();
	/** Appends go through a stream, not a FileChannel: a channel closes itself when a writing thread is interrupted. */
	private FileOutputStream log;
	private boolean closed;
	private long seq;
	private long logLines;
	private volatile long durableSeq;

	private Journal(Path directory, boolean fsync) {
		this.directory = directory;
		this.fsync = fsync;
		this.files = new JournalFiles(directory, fsync);
	}

	/**
	 * Opens a journal, replaying what is on disk.
	 *
	 * @param directory where the journal lives (created when missing)
	 * @param fsync     whether durable writes wait for the disk (off only for benchmarks and tests)
	 * @return the journal
	 * @throws IOException when the directory cannot be read or written
	 */
	public static Journal open(Path directory, boolean fsync) throws IOException {
		Files.createDirectories(directory);
		Journal journal = new Journal(directory, fsync);
		journal.replay();
		return journal;
	}

	private void replay() throws IOException {
		long snapshotSeq = files.readSnapshot(records);
		seq = snapshotSeq;
		Path logPath = files.log();
		long validBytes = 0;
		if (Files.exists(logPath)) {
			int[] corrupt = {0};
			validBytes = JournalLine.readComplete(logPath, line -> {
				logLines++;
				JsonNode n = parse(JournalLine.decode(line));
				if (n == null) {
					corrupt[0]++;
					return;
				}
				long s = n.path("seq").asLong();
				seq = Math.max(seq, s);
				if (s <= snapshotSeq) {
					return;
				}
				if (n.path("deleted").asBoolean(false)) {
					records.remove(n.path("id").asLong());
					return;
				}
				try {
					JournalRecord r = RecordJson.fromJson(n);
					records.put(r.id(), r);
				} catch (RuntimeException e) {
					corrupt[0]++;
				}
			});
			if (corrupt[0] > 0) {
				LOG.warn("Journal {}: skipped {} corrupt entries", logPath, corrupt[0]);
			}
			long size = Files.size(logPath);
			if (size > validBytes) {
				LOG.warn("Journal {}: dropping a torn last entry of {} bytes", logPath, size - validBytes);
			}
		}
		log = files.openLog(validBytes);
		durableSeq = seq;
		LOG.info("Journal {}: {} deployments", directory, records.size());
	}

	private static JsonNode parse(String json) {
		if (json == null) {
			return null;
		}
		try {
			return RecordJson.JSON.readTree(json);
		} catch (IOException e) {
			return null;
		}
	}

	/** @return every record */
	public Collection<JournalRecord> records() {
		return records.values();
	}

	/**
	 * @param id a deployment id
	 * @return its record
	 */
	public Optional<JournalRecord> get(long id) {
		return Optional.ofNullable(records.get(id));
	}

	/**
	 * Records a deployment.
	 *
	 * @param record  the record
	 * @param durable whether to return only once it is on disk
	 * @throws IOException when it cannot be written; the record is then not kept
	 */
	public void put(JournalRecord record, boolean durable) throws IOException {
		// Serialised before taking the write lock: writers queue only for the write itself.
		byte[] json = RecordJson.bytes(record);
		long mySeq = append(json, () -> records.put(record.id(), record));
		if (durable) {
			sync(mySeq);
		}
	}

	/**
	 * Changes one deployment's record atomically: {@code change} is applied to the record as the
	 * journal holds it when the change is written, so that two writers of one record (a worker
	 * moving its state, a report being acknowledged) never undo each other's change.
	 *
	 * @param id      the deployment id
	 * @param change  from the current record (null when there is none) to the next one; returning
	 *                its argument writes nothing. It may be applied more than once, so it must not
	 *                have side effects.
	 * @param durable whether to return only once it is on disk
	 * @return the record the journal now holds, null when none
	 * @throws IOException when it cannot be written; the record is then not changed
	 */
	public JournalRecord update(long id, UnaryOperator<JournalRecord> change, boolean durable) throws IOException {
		while (true) {
			JournalRecord current = records.get(id);
			JournalRecord next = change.apply(current);
			if (next == current) {
				return current;
			}
			if (next == null || next.id() != id) {
				throw new IllegalArgumentException("a change of record " + id + " gave " + next);
			}
			byte[] json = RecordJson.bytes(next);
			long mySeq;
			synchronized (writeLock) {
				if (records.get(id) != current) {
					continue; // written meanwhile: apply the change to what is there now
				}
				mySeq = append(json, () -> records.put(id, next));
			}
			if (durable) {
				sync(mySeq);
			}
			return next;
		}
	}

	/**
	 * Records several new deployments with one write (an assignment snapshot of thousands). A
	 * deployment that has a record by the time they are written keeps it: another writer (a
	 * worker that saw the assignment first) got there before.
	 *
	 * @param batch   the records
	 * @param durable whether to return only once they are on disk
	 * @throws IOException when they cannot be written; none of them is then kept
	 */
	public void putAllNew(Collection<JournalRecord> batch, boolean durable) throws IOException {
		if (batch.isEmpty()) {
			return;
		}
		List<JournalRecord> fresh = List.copyOf(batch);
		List<byte[]> jsons = new ArrayList<>(fresh.size());
		for (JournalRecord r : fresh) {
			jsons.add(RecordJson.bytes(r));
		}
		long lastSeq;
		synchronized (writeLock) {
			ensureOpen();
			ByteArrayOutputStream lines = new ByteArrayOutputStream(jsons.size() * 320);
			long s = seq;
			List<JournalRecord> written = new ArrayList<>(fresh.size());
			for (int i = 0; i < fresh.size(); i++) {
				if (!records.containsKey(fresh.get(i).id())) {
					lines.write(JournalLine.encode(jsons.get(i), ++s));
					written.add(fresh.get(i));
				}
			}
			lines.writeTo(log);
			seq = s;
			logLines += written.size();
			written.forEach(r -> records.put(r.id(), r));
			compactIfDue();
			lastSeq = s;
		}
		if (durable) {
			sync(lastSeq);
		}
	}

	/**
	 * Forgets a deployment (once terminated and no longer of interest).
	 *
	 * @param id the deployment id
	 * @throws IOException when it cannot be written
	 */
	public void remove(long id) throws IOException {
		ObjectNode node = RecordJson.JSON.createObjectNode();
		node.put("id", id);
		node.put("deleted", true);
		append(RecordJson.JSON.writeValueAsBytes(node), () -> records.remove(id));
	}

	/** @param json a JSON object with at least one field, without its seq */
	private long append(byte[] json, Runnable apply) throws IOException {
		synchronized (writeLock) {
			ensureOpen();
			long mySeq = seq + 1;
			log.write(JournalLine.encode(json, mySeq));
			seq = mySeq;
			logLines++;
			apply.run();
			compactIfDue();
			return mySeq;
		}
	}

	private void compactIfDue() throws IOException {
		if (logLines > Math.max(MIN_COMPACT, 2L * records.size())) {
			compact();
		}
	}

	/**
	 * Returns once everything written so far is on disk.
	 *
	 * @throws IOException when the disk cannot be synced
	 */
	public void sync() throws IOException {
		long upTo;
		synchronized (writeLock) {
			upTo = seq;
		}
		sync(upTo);
	}

	private void sync(long mySeq) throws IOException {
		if (!fsync || durableSeq >= mySeq) {
			return;
		}
		synchronized (syncLock) {
			if (durableSeq >= mySeq) {
				return;
			}
			FileOutputStream out;
			long upTo;
			synchronized (writeLock) {
				ensureOpen();
				out = log;
				upTo = seq;
			}
			try {
				out.getFD().sync();
			} catch (IOException e) {
				// A compaction replaced the log meanwhile; it forced a snapshot of everything up to
				// its seq before, and set durableSeq once done (wait for it under the write lock).
				synchronized (writeLock) {
					if (durableSeq >= mySeq) {
						return;
					}
				}
				throw e;
			}
			durableSeq = Math.max(durableSeq, upTo);
		}
	}

	/** Writes every live record into a new snapshot and starts an empty log. Holds the write lock. */
	private void compact() throws IOException {
		files.writeSnapshot(seq, records.values());
		// The snapshot covers every entry of the old log: a crash from here on replays it and
		// skips log entries with seq <= the snapshot's.
		log.getFD().sync();
		log.close();
		log = files.replaceLog();
		logLines = 0;
		durableSeq = seq;
	}

	private void ensureOpen() throws IOException {
		if (log == null || closed) {
			throw new IOException("journal " + directory + " is closed");
		}
	}

	@Override
	public void close() throws IOException {
		synchronized (writeLock) {
			if (log != null && !closed) {
				closed = true;
				log.getFD().sync();
				log.close();
			}
		}
	}

	/** @return the journal's directory */
	public Path directory() {
		return directory;
	}

	@Override
	public String toString() {
		return "Journal[" + directory + ", " + records.size() + " records]";
	}
}
