package org.dinfra.core.internal.journal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A crash-safe journal of deployments: an append-only log of full records, each line
 * {@code <crc32> <json>}, compacted now and then into a snapshot written to a temporary file
 * and atomically renamed. After a crash at any point, replay gives the state as of the last
 * complete line: a torn last line (no newline, or failing its checksum) is dropped. A line
 * that fails its checksum elsewhere is skipped; the complete lines after it still count, as
 * every line holds a full record.
 *
 * <p>A write marked durable returns only once it is on disk ({@code fsync}); concurrent durable
 * writers share one {@code fsync} (group commit).
 */
public final class Journal implements Closeable {
	private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
	private static final ObjectMapper JSON = new ObjectMapper();
	static final String LOG_FILE = "journal.log";
	static final String SNAPSHOT_FILE = "journal.snapshot";
	private static final int MIN_COMPACT = 4096;
	private static final HexFormat HEX = HexFormat.of();

	private final Path directory;
	private final boolean fsync;
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
		long snapshotSeq = 0;
		Path snapshot = directory.resolve(SNAPSHOT_FILE);
		if (Files.exists(snapshot)) {
			JsonNode root = JSON.readTree(snapshot.toFile());
			snapshotSeq = root.path("seq").asLong();
			for (JsonNode n : root.path("records")) {
				JournalRecord r = fromJson(n);
				records.put(r.id(), r);
			}
		}
		seq = snapshotSeq;
		Path logPath = directory.resolve(LOG_FILE);
		long validBytes = 0;
		if (Files.exists(logPath)) {
			long snapshotSeqFinal = snapshotSeq;
			int[] corrupt = {0};
			validBytes = readLines(logPath, line -> {
				logLines++;
				JsonNode n = parseLine(line);
				if (n == null) {
					corrupt[0]++;
					return;
				}
				long s = n.path("seq").asLong();
				seq = Math.max(seq, s);
				if (s <= snapshotSeqFinal) {
					return;
				}
				if (n.path("deleted").asBoolean(false)) {
					records.remove(n.path("id").asLong());
					return;
				}
				try {
					JournalRecord r = fromJson(n);
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
		try (FileChannel truncate = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			truncate.truncate(validBytes);
		}
		log = new FileOutputStream(logPath.toFile(), true);
		durableSeq = seq;
		LOG.info("Journal {}: {} deployments", directory, records.size());
	}

	/**
	 * Hands every complete ({@code \n}-terminated) line to the consumer.
	 *
	 * @return the length of the complete lines: what follows is a torn last entry
	 */
	private static long readLines(Path file, Consumer<String> consumer) throws IOException {
		long complete = 0;
		long offset = 0;
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(file)) {
			int n;
			while ((n = in.read(buffer)) > 0) {
				int start = 0;
				for (int i = 0; i < n; i++) {
					if (buffer[i] == '\n') {
						line.write(buffer, start, i - start);
						start = i + 1;
						complete = offset + i + 1;
						consumer.accept(line.toString(StandardCharsets.UTF_8));
						line.reset();
					}
				}
				line.write(buffer, start, n - start);
				offset += n;
			}
		}
		return complete;
	}

	private static JsonNode parseLine(String line) {
		int space = line.indexOf(' ');
		if (space != 8) {
			return null;
		}
		String json = line.substring(space + 1);
		CRC32 crc = new CRC32();
		crc.update(json.getBytes(StandardCharsets.UTF_8));
		if (!HEX.toHexDigits((int) crc.getValue()).equals(line.substring(0, space))) {
			return null;
		}
		try {
			return JSON.readTree(json);
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
		byte[] json = JSON.writeValueAsBytes(toJson(record));
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
			byte[] json = JSON.writeValueAsBytes(toJson(next));
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
	 * Records several deployments with one write (an assignment snapshot of thousands).
	 *
	 * @param batch   the records
	 * @param durable whether to return only once they are on disk
	 * @throws IOException when they cannot be written; none of them is then kept
	 */
	public void putAll(Collection<JournalRecord> batch, boolean durable) throws IOException {
		if (batch.isEmpty()) {
			return;
		}
		List<byte[]> jsons = new ArrayList<>(batch.size());
		for (JournalRecord r : batch) {
			jsons.add(JSON.writeValueAsBytes(toJson(r)));
		}
		long lastSeq;
		synchronized (writeLock) {
			ensureOpen();
			ByteArrayOutputStream lines = new ByteArrayOutputStream(jsons.size() * 320);
			long s = seq;
			for (byte[] json : jsons) {
				lines.write(line(json, ++s));
			}
			lines.writeTo(log);
			seq = s;
			logLines += jsons.size();
			batch.forEach(r -> records.put(r.id(), r));
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
		ObjectNode node = JSON.createObjectNode();
		node.put("id", id);
		node.put("deleted", true);
		append(JSON.writeValueAsBytes(node), () -> records.remove(id));
	}

	/** @param json a JSON object with at least one field, without its seq */
	private long append(byte[] json, Runnable apply) throws IOException {
		synchronized (writeLock) {
			ensureOpen();
			long mySeq = seq + 1;
			log.write(line(json, mySeq));
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
	 * @param json a serialised JSON object with at least one field
	 * @param seq  its sequence number
	 * @return the log line {@code <crc32> <json>\n}, the object given a last field {@code "seq"}
	 */
	static byte[] line(byte[] json, long seq) {
		int open = json.length - 1;
		if (open < 2 || json[0] != '{' || json[open] != '}') {
			throw new IllegalArgumentException("not a JSON object with fields");
		}
		byte[] tail = (",\"seq\":" + seq + "}\n").getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(json, 0, open);
		crc.update(tail, 0, tail.length - 1);
		byte[] line = new byte[9 + open + tail.length];
		String hex = HEX.toHexDigits((int) crc.getValue());
		for (int i = 0; i < 8; i++) {
			line[i] = (byte) hex.charAt(i);
		}
		line[8] = ' ';
		System.arraycopy(json, 0, line, 9, open);
		System.arraycopy(tail, 0, line, 9 + open, tail.length);
		return line;
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
		ObjectNode root = JSON.createObjectNode();
		root.put("seq", seq);
		ArrayNode array = root.putArray("records");
		for (JournalRecord r : records.values()) {
			array.add(toJson(r));
		}
		Path tmp = directory.resolve(SNAPSHOT_FILE + ".tmp");
		try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer buf = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
			while (buf.hasRemaining()) {
				out.write(buf);
			}
			out.force(true);
		}
		move(tmp, directory.resolve(SNAPSHOT_FILE));
		// The snapshot covers every entry of the old log: a crash from here on replays it and
		// skips log entries with seq <= the snapshot's.
		log.getFD().sync();
		log.close();
		Path emptyLog = directory.resolve(LOG_FILE + ".tmp");
		Files.deleteIfExists(emptyLog);
		Files.createFile(emptyLog);
		move(emptyLog, directory.resolve(LOG_FILE));
		log = new FileOutputStream(directory.resolve(LOG_FILE).toFile(), true);
		logLines = 0;
		durableSeq = seq;
	}

	private void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
		if (fsync) {
			try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
				dir.force(true);
			} catch (IOException e) {
				LOG.debug("Cannot fsync directory {}: {}", directory, e.getMessage());
			}
		}
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

	static ObjectNode toJson(JournalRecord r) {
		Deployment d = r.deployment();
		ObjectNode n = JSON.createObjectNode();
		n.put("id", d.id());
		n.put("type", d.type());
		n.put("cid", d.descriptor().toString());
		n.put("consumer", d.consumer());
		n.put("state", d.state().name());
		if (d.reason() != null) {
			ObjectNode reason = n.putObject("reason");
			reason.put("code", d.reason().code().code());
			reason.put("message", d.reason().message());
			ArrayNode details = reason.putArray("details");
			d.reason().details().forEach(details::add);
		}
		ArrayNode endpoints = n.putArray("endpoints");
		for (Endpoint e : d.endpoints()) {
			endpoints.addObject().put("name", e.name()).put("uri", e.uri());
		}
		n.put("updated", d.updated().toEpochMilli());
		if (r.reported() != null) {
			n.put("reported", r.reported().name());
		}
		return n;
	}

	static JournalRecord fromJson(JsonNode n) {
		Reason reason = null;
		JsonNode rn = n.get("reason");
		if (rn != null && rn.isObject()) {
			List<String> details = new ArrayList<>();
			rn.path("details").forEach(x -> details.add(x.asText()));
			reason = new Reason(ReasonCode.of(rn.path("code").asInt()), rn.path("message").asText(), details);
		}
		List<Endpoint> endpoints = new ArrayList<>();
		n.path("endpoints").forEach(e -> endpoints.add(new Endpoint(e.path("name").asText(), e.path("uri").asText())));
		Deployment d = new Deployment(n.path("id").asLong(), n.path("type").asText(), Cid.parse(n.path("cid").asText()),
				n.path("consumer").asText(), DeploymentState.valueOf(n.path("state").asText()), reason, endpoints, true,
				Instant.ofEpochMilli(n.path("updated").asLong()));
		JsonNode reported = n.get("reported");
		return new JournalRecord(d, reported == null ? null : DeploymentState.valueOf(reported.asText()));
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
