package org.dinfra.keys.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SecretsTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void ownerOnlyFileIsRead() throws Exception {
		Path file = tmp.getRoot().toPath().resolve("provider.suri");
		Secrets.writeOwnerOnly(file, "//Bob\n".getBytes(StandardCharsets.UTF_8));
		assertArrayEquals("//Bob".toCharArray(), Secrets.readOwnerOnly(file, "secret URI"));
	}

	@Test
	public void fileReadableByOthersIsRefusedWithTheFix() throws Exception {
		Path file = tmp.getRoot().toPath().resolve("provider.suri");
		Files.writeString(file, "//Bob");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		KeyException e = assertThrows(KeyException.class, () -> Secrets.readOwnerOnly(file, "secret URI"));
		assertTrue(e.getMessage(), e.getMessage().contains("accessible to others (mode rw-r--r--)"));
		assertTrue(e.getMessage(), e.getMessage().contains("chmod 600"));
		assertTrue("the secret must not appear in the message", !e.getMessage().contains("Bob"));
	}

	@Test
	public void missingFileIsAClearError() {
		KeyException e = assertThrows(KeyException.class, () -> Secrets.readOwnerOnly(tmp.getRoot().toPath().resolve("none"), "secret URI"));
		assertTrue(e.getMessage(), e.getMessage().contains("no such file"));
	}
}
