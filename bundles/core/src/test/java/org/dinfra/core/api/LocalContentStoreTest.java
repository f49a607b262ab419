package org.dinfra.core.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@link LocalContentStore#open} as {@code ./dinfra descriptor put} uses it: no OSGi. */
public class LocalContentStoreTest {
	private static final byte[] DESCRIPTOR = "{\"image\":\"nginx\"}".getBytes(StandardCharsets.UTF_8);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void putStoresTheBytesUnderTheirCidAndFetchReturnsThem() throws Exception {
		Path dir = tmp.getRoot().toPath().resolve("content");
		LocalContentStore store = LocalContentStore.open(dir);
		Cid cid = store.put(DESCRIPTOR);
		assertEquals(Cid.of(DESCRIPTOR), cid);
		assertEquals(dir, store.directory());
		assertArrayEquals(DESCRIPTOR, Files.readAllBytes(dir.resolve(cid.toString())));
		assertArrayEquals(DESCRIPTOR, LocalContentStore.open(dir).fetch(cid));
	}

	@Test
	public void aStoreOpenedOnTheSameDirectorySeesWhatAnotherPut() throws Exception {
		Path dir = tmp.getRoot().toPath().resolve("shared");
		Cid cid = LocalContentStore.open(dir).put(DESCRIPTOR);
		DescriptorException missing = assertThrows(DescriptorException.class,
				() -> LocalContentStore.open(tmp.getRoot().toPath().resolve("other")).fetch(cid));
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, missing.code());
		assertArrayEquals(DESCRIPTOR, LocalContentStore.open(dir).fetch(cid));
	}

	@Test
	public void theDefaultLimitIsOneMebibyteAndASmallerOneIsKept() throws Exception {
		assertEquals(1L << 20, LocalContentStore.DEFAULT_MAX_BYTES);
		LocalContentStore small = LocalContentStore.open(tmp.getRoot().toPath(), DESCRIPTOR.length - 1);
		assertThrows(IOException.class, () -> small.put(DESCRIPTOR));
		LocalContentStore.open(tmp.getRoot().toPath()).put(new byte[(int) LocalContentStore.DEFAULT_MAX_BYTES]);
		assertThrows(IOException.class,
				() -> LocalContentStore.open(tmp.getRoot().toPath()).put(new byte[(int) LocalContentStore.DEFAULT_MAX_BYTES + 1]));
	}
}
