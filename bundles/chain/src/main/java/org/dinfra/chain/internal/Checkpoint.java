package org.dinfra.chain.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last finalized block whose events reached the core, kept in one small text file:
 * {@code <number> <block hash> <genesis hash>}. Written to a temporary file, forced to disk and
 * moved over the old one atomically, so a crash leaves either the old or the new checkpoint.
 *
 * @param number      the block number
 * @param blockHash   its hash ({@code 0x...})
 * @param genesisHash the chain's genesis hash, so a checkpoint of another chain is not used
 */
public record Checkpoint(long number, String blockHash, String genesisHash) {
	private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
	private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

	public Checkpoint {
		if (number < 0) {
			throw new IllegalArgumentException("negative block number " + number);
		}
		Objects.requireNonNull(blockHash, "blockHash");
		Objects.requireNonNull(genesisHash, "genesisHash");
		if (!HASH.matcher(blockHash).matches() || !HASH.matcher(genesisHash).matches()) {
			throw new IllegalArgumentException("a block hash is 0x and 64 lower-case hex digits");
		}
	}

	/**
	 * @param file the checkpoint file
	 * @return the checkpoint, or empty when there is none or it cannot be read (logged: the
	 *         tracker then starts from the finalized head, which its snapshot makes safe)
	 * @throws IOException if the file exists but cannot be read
	 */
	public static Optional<Checkpoint> read(Path file) throws IOException {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII).trim();
		} catch (NoSuchFileException e) {
			return Optional.empty();
		}
		String[] parts = text.split(" ");
		try {
			if (parts.length != 3) {
				throw new IllegalArgumentException("expected 3 fields, found " + parts.length);
			}
			return Optional.of(new Checkpoint(Long.parseLong(parts[0]), parts[1], parts[2]));
		} catch (IllegalArgumentException e) {
			LOG.warn("Ignoring the unreadable chain checkpoint {} ({}); starting from the finalized head", file, e.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * Replaces the checkpoint file atomically.
	 *
	 * @param file the checkpoint file (its directory is created when missing)
	 * @throws IOException if it cannot be written
	 */
	public void write(Path file) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		Path tmp = dir.resolve(file.getFileName() + ".tmp");
		byte[] bytes = (number + " " + blockHash + " " + genesisHash + "\n").getBytes(StandardCharsets.US_ASCII);
		try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ch.write(java.nio.ByteBuffer.wrap(bytes));
			ch.force(true);
		}
		try {
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
