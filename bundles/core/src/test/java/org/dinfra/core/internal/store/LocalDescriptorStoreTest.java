package org.dinfra.core.internal.store;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.ReasonCode;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LocalDescriptorStoreTest {
	private static final byte[] DESCRIPTOR = "{\"services\":{\"web\":{\"image\":\"nginx\"}}}"
			.getBytes(StandardCharsets.UTF_8);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path directory;
	private LocalDescriptorStore store;

	@Before
	public void setUp() throws IOException {
		directory = tmp.getRoot().toPath().resolve("content");
		store = new LocalDescriptorStore(directory, 1024);
	}

	private List<String> files() throws IOException {
		try (Stream<Path> list = Files.list(directory)) {
			return list.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private static DescriptorException fetchFails(LocalDescriptorStore store, Cid cid) {
		return assertThrows(DescriptorException.class, () -> store.fetch(cid));
	}

	@Test
	public void putThenFetchReturnsTheSameBytes() throws Exception {
		Cid cid = store.put(DESCRIPTOR);
		assertEquals(Cid.of(DESCRIPTOR), cid);
		assertArrayEquals(DESCRIPTOR, store.fetch(cid));
	}

	@Test
	public void putCreatesTheDirectoryAndOneFileNamedByTheCid() throws Exception {
		assertFalse(Files.exists(directory));
		Cid cid = store.put(DESCRIPTOR);
		assertEquals(List.of(cid.toString()), files());
		assertArrayEquals(DESCRIPTOR, Files.readAllBytes(directory.resolve(cid.toString())));
	}

	@Test
	public void puttingTheSameBytesTwiceIsIdempotent() throws Exception {
		Cid first = store.put(DESCRIPTOR);
		Cid second = store.put(DESCRIPTOR.clone());
		assertEquals(first, second);
		assertEquals("no second file, no temporary file left", List.of(first.toString()), files());
		assertArrayEquals(DESCRIPTOR, store.fetch(first));
	}

	@Test
	public void emptyDescriptorRoundTrips() throws Exception {
		Cid cid = store.put(new byte[0]);
		assertArrayEquals(new byte[0], store.fetch(cid));
	}

	@Test
	public void tamperedFileIsRefusedWithCidMismatch() throws Exception {
		Cid cid = store.put(DESCRIPTOR);
		Files.writeString(directory.resolve(cid.toString()), "{\"services\":{\"web\":{\"image\":\"evil\"}}}");
		DescriptorException e = fetchFails(store, cid);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, e.code());
		assertFalse(e.isTransient());
		assertThat(e.getMessage(), containsString(cid.toString()));
	}

	@Test
	public void puttingTheGenuineBytesAgainRepairsATamperedFile() throws Exception {
		Cid cid = store.put(DESCRIPTOR);
		Files.writeString(directory.resolve(cid.toString()), "tampered");
		store.put(DESCRIPTOR);
		assertArrayEquals(DESCRIPTOR, store.fetch(cid));
		assertEquals(List.of(cid.toString()), files());
	}

	@Test
	public void missingFileIsUnavailable() throws Exception {
		store.put(DESCRIPTOR);
		Cid other = Cid.of("other".getBytes(StandardCharsets.UTF_8));
		DescriptorException e = fetchFails(store, other);
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, e.code());
		assertTrue(e.isTransient());
		assertThat(e.getMessage(), containsString(other.toString()));
	}

	@Test
	public void missingDirectoryIsUnavailable() {
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails(store, Cid.of(DESCRIPTOR)).code());
	}

	@Test
	public void fileLargerThanTheLimitIsTooLarge() throws Exception {
		LocalDescriptorStore small = new LocalDescriptorStore(directory, 16);
		byte[] big = new byte[17];
		Files.createDirectories(directory);
		Files.write(directory.resolve(Cid.of(big).toString()), big);
		DescriptorException e = fetchFails(small, Cid.of(big));
		assertEquals(ReasonCode.DESCRIPTOR_TOO_LARGE, e.code());
		assertFalse(e.isTransient());
	}

	@Test
	public void fileOfExactlyTheLimitIsServed() throws Exception {
		LocalDescriptorStore small = new LocalDescriptorStore(directory, 16);
		byte[] limit = new byte[16];
		assertArrayEquals(limit, small.fetch(small.put(limit)));
	}

	@Test
	public void putLargerThanTheLimitFailsAndWritesNothing() throws Exception {
		LocalDescriptorStore small = new LocalDescriptorStore(directory, 16);
		IOException e = assertThrows(IOException.class, () -> small.put(new byte[17]));
		assertThat(e.getMessage(), containsString("16"));
		assertFalse(Files.exists(directory));
	}

	@Test
	public void unsupportedCidIsRefusedWithoutReadingTheDirectory() throws Exception {
		Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
		Files.createDirectories(directory);
		Files.write(directory.resolve(v0.toString()), new byte[] {0x0a, 0x02, 0x08, 0x01});
		DescriptorException e = fetchFails(store, v0);
		assertEquals(ReasonCode.UNSUPPORTED_CID, e.code());
		assertThat(e.getMessage(), containsString("dag-pb"));
	}

	@Test
	public void nameNamesTheDirectory() {
		assertThat(store.name(), containsString(directory.toString()));
		assertEquals(directory, store.directory());
	}
}
