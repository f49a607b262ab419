package org.dinfra.core.internal.journal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The journal's files and how they are replaced without a moment at which a crash loses
 * anything: the snapshot of a compaction ({@code {"seq": n, "records": [...]}}) is written to a
 * temporary file, forced to disk and atomically renamed; only then is the log replaced by an
 * empty one, the same way.
 */
final class JournalFiles {
	private static final Logger LOG = LoggerFactory.getLogger(JournalFiles.class);

	private final Path directory;
	private final boolean fsync;

	/**
	 * @param directory the journal's directory
	 * @param fsync     whether renames are made durable by syncing the directory
	 */
	JournalFiles(Path directory, boolean fsync) {
		this.directory = directory;
		this.fsync = fsync;
	}

	/** @return the log file */
	Path log() {
		return directory.resolve(Journal.LOG_FILE);
	}

	/**
	 * @param into where the snapshot's records go
	 * @return the sequence number the snapshot covers, 0 when there is none
	 * @throws IOException when it cannot be read
	 */
	long readSnapshot(Map<Long, JournalRecord> into) throws IOException {
		Path snapshot = directory.resolve(Journal.SNAPSHOT_FILE);
		if (!Files.exists(snapshot)) {
			return 0;
		}
		JsonNode root = RecordJson.JSON.readTree(snapshot.toFile());
		for (JsonNode n : root.path("records")) {
			JournalRecord r = RecordJson.fromJson(n);
			into.put(r.id(), r);
		}
		return root.path("seq").asLong();
	}

	/**
	 * Replaces the snapshot, durably whatever the journal's fsync setting: the log is emptied next.
	 *
	 * @param seq     the last sequence number the records include
	 * @param records every live record
	 * @throws IOException when it cannot be written; the old snapshot is then still in place
	 */
	void writeSnapshot(long seq, Collection<JournalRecord> records) throws IOException {
		ObjectNode root = RecordJson.JSON.createObjectNode();
		root.put("seq", seq);
		ArrayNode array = root.putArray("records");
		for (JournalRecord r : records) {
			array.add(RecordJson.toJson(r));
		}
		Path tmp = directory.resolve(Journal.SNAPSHOT_FILE + ".tmp");
		try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer buf = ByteBuffer.wrap(RecordJson.JSON.writeValueAsBytes(root));
			while (buf.hasRemaining()) {
				out.write(buf);
			}
			out.force(true);
		}
		move(tmp, directory.resolve(Journal.SNAPSHOT_FILE));
	}

	/**
	 * Cuts the log after its last complete line (a torn last entry goes) and opens it for appending.
	 *
	 * @param validBytes the length of the complete lines
	 * @return a stream appending to the log
	 * @throws IOException when it cannot be opened
	 */
	FileOutputStream openLog(long validBytes) throws IOException {
		try (FileChannel truncate = FileChannel.open(log(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			truncate.truncate(validBytes);
		}
		return new FileOutputStream(log().toFile(), true);
	}

	/**
	 * Replaces the log with an empty one; call only once a snapshot covers all of it.
	 *
	 * @return a stream appending to the new log
	 * @throws IOException when it cannot be replaced
	 */
	FileOutputStream replaceLog() throws IOException {
		Path emptyLog = directory.resolve(Journal.LOG_FILE + ".tmp");
		Files.deleteIfExists(emptyLog);
		Files.createFile(emptyLog);
		move(emptyLog, log());
		return new FileOutputStream(log().toFile(), true);
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
}
