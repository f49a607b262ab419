package org.dinfra.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CheckpointTest {
	private static final String HASH = "0x" + "ab".repeat(32);
	private static final String GENESIS = "0x" + "01".repeat(32);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void writtenCheckpointReadsBackAndReplacesTheOldOne() throws Exception {
		Path file = tmp.getRoot().toPath().resolve("chain/checkpoint");
		new Checkpoint(7, HASH, GENESIS).write(file);
		new Checkpoint(8, "0x" + "cd".repeat(32), GENESIS).write(file);
		assertEquals(Optional.of(new Checkpoint(8, "0x" + "cd".repeat(32), GENESIS)), Checkpoint.read(file));
		try (var files = Files.list(file.getParent())) {
			assertEquals("no temporary file is left behind", 1, files.count());
		}
	}

	@Test
	public void missingCheckpointIsEmpty() throws Exception {
		assertFalse(Checkpoint.read(tmp.getRoot().toPath().resolve("none")).isPresent());
	}

	@Test
	public void corruptCheckpointIsIgnoredNotTrusted() throws Exception {
		Path file = tmp.newFile("checkpoint").toPath();
		for (String bad : new String[] {"", "12", "x " + HASH + " " + GENESIS, "-1 " + HASH + " " + GENESIS,
				"5 0x12 " + GENESIS, "5 " + HASH.toUpperCase() + " " + GENESIS}) {
			Files.writeString(file, bad, StandardCharsets.US_ASCII);
			assertFalse(bad, Checkpoint.read(file).isPresent());
		}
	}

	@Test
	public void invalidValuesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> new Checkpoint(-1, HASH, GENESIS));
		assertThrows(IllegalArgumentException.class, () -> new Checkpoint(1, "0x00", GENESIS));
	}
}
