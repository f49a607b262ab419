package org.dinfra.core.internal.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.ReasonCode;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DescriptorFetcherTest {
	private static final byte[] DESCRIPTOR = "{\"services\":{\"web\":{\"image\":\"nginx\"}}}"
			.getBytes(StandardCharsets.UTF_8);
	private static final Cid CID = Cid.of(DESCRIPTOR);

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final List<String> asked = new CopyOnWriteArrayList<>();
	private final DescriptorFetcher fetcher = new DescriptorFetcher();

	/** A real local store that notes when it is asked. */
	private final class Recording implements DescriptorStore {
		private final String name;
		private final LocalDescriptorStore local;

		Recording(String name) throws IOException {
			this.name = name;
			this.local = new LocalDescriptorStore(tmp.newFolder(name).toPath(), Descriptors.DEFAULT_MAX_BYTES);
		}

		/** Holds the genuine descriptor. */
		Recording genuine() throws IOException {
			local.put(DESCRIPTOR);
			return this;
		}

		/** Holds other bytes under the descriptor's CID. */
		Recording tampered() throws IOException {
			Path dir = local.directory();
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(CID.toString()), "{\"services\":{}}");
			return this;
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public byte[] fetch(Cid cid) throws DescriptorException {
			asked.add(name);
			return local.fetch(cid);
		}
	}

	/** A store that breaks the contract by returning whatever it has, unverified. */
	private final class Unverified implements DescriptorStore {
		@Override
		public String name() {
			return "unverified";
		}

		@Override
		public byte[] fetch(Cid cid) {
			asked.add(name());
			return "{\"services\":{}}".getBytes(StandardCharsets.UTF_8);
		}
	}

	private DescriptorException fetchFails() {
		return assertThrows(DescriptorException.class, () -> fetcher.fetch(CID));
	}

	@Test
	public void storesAreAskedInOrderOfRankingUntilOneHasTheBytes() throws Exception {
		fetcher.add(new Recording("low").genuine(), 10);
		fetcher.add(new Recording("high"), 100);
		fetcher.add(new Recording("middle"), 50);
		fetcher.add(new Recording("lowest").genuine(), -5);
		assertArrayEquals(DESCRIPTOR, fetcher.fetch(CID));
		assertEquals(List.of("high", "middle", "low"), asked);
	}

	@Test
	public void firstStoreWithTheBytesAnswersAlone() throws Exception {
		fetcher.add(new Recording("second").genuine(), 1);
		fetcher.add(new Recording("first").genuine(), 2);
		fetcher.fetch(CID);
		assertEquals(List.of("first"), asked);
	}

	@Test
	public void unavailableEverywhereIsUnavailable() throws Exception {
		fetcher.add(new Recording("a"), 1);
		fetcher.add(new Recording("b"), 2);
		DescriptorException e = fetchFails();
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, e.code());
		assertEquals(List.of("b", "a"), asked);
	}

	@Test
	public void mismatchInOneStoreAndGenuineBytesInAnotherGiveTheGenuineBytes() throws Exception {
		fetcher.add(new Recording("tampered").tampered(), 100);
		fetcher.add(new Recording("genuine").genuine(), 1);
		assertArrayEquals(DESCRIPTOR, fetcher.fetch(CID));
		assertEquals(List.of("tampered", "genuine"), asked);
	}

	@Test
	public void mismatchEverywhereIsAMismatch() throws Exception {
		fetcher.add(new Recording("a").tampered(), 1);
		fetcher.add(new Recording("b").tampered(), 2);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, fetchFails().code());
	}

	@Test
	public void mismatchOutweighsUnavailableWhicheverComesFirst() throws Exception {
		fetcher.add(new Recording("empty"), 2);
		fetcher.add(new Recording("tampered").tampered(), 1);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, fetchFails().code());
		asked.clear();
		fetcher.add(new Recording("empty-too"), 0);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, fetchFails().code());
		assertEquals(List.of("empty", "tampered", "empty-too"), asked);
	}

	@Test
	public void unverifiedBytesFromAStoreAreRefusedAndTheNextStoreAsked() throws Exception {
		fetcher.add(new Unverified(), 100);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, fetchFails().code());
		fetcher.add(new Recording("genuine").genuine(), 1);
		assertArrayEquals(DESCRIPTOR, fetcher.fetch(CID));
	}

	@Test
	public void storeThatThrowsDoesNotKeepTheOthersFromBeingAsked() throws Exception {
		fetcher.add(new DescriptorStore() {
			@Override
			public String name() {
				return "broken";
			}

			@Override
			public byte[] fetch(Cid cid) {
				throw new IllegalStateException("bug");
			}
		}, 100);
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails().code());
		fetcher.add(new Recording("genuine").genuine(), 1);
		assertArrayEquals(DESCRIPTOR, fetcher.fetch(CID));
	}

	@Test
	public void removedStoreIsNoLongerAsked() throws Exception {
		Recording genuine = new Recording("genuine").genuine();
		fetcher.add(genuine, 1);
		fetcher.add(new Recording("other"), 0);
		fetcher.remove(genuine);
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails().code());
		assertEquals(List.of("other"), asked);
	}

	@Test
	public void noStoreIsUnavailable() {
		DescriptorException e = fetchFails();
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, e.code());
	}

	@Test
	public void unsupportedCidIsRefusedWithoutAskingAnyStore() throws Exception {
		fetcher.add(new Recording("a"), 1);
		DescriptorException e = assertThrows(DescriptorException.class,
				() -> fetcher.fetch(Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn")));
		assertEquals(ReasonCode.UNSUPPORTED_CID, e.code());
		assertEquals(List.of(), asked);
	}

	@Test
	public void storesAddedConcurrentlyWithFetchesNeverHideTheOthers() throws Exception {
		fetcher.add(new Recording("genuine").genuine(), 1000);
		Thread adder = new Thread(() -> {
			for (int i = 0; i < 2000; i++) {
				fetcher.add(new Unverified(), -i);
			}
		});
		adder.start();
		try {
			while (adder.isAlive()) {
				assertArrayEquals(DESCRIPTOR, fetcher.fetch(CID));
			}
		} finally {
			adder.join();
		}
	}
}
