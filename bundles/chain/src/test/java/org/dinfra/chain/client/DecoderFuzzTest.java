package org.dinfra.chain.client;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A seeded mutation fuzzer over the metadata, events and generic decoders: each mutated input
 * must decode or fail with a {@link ScaleException} — never another exception, an
 * out-of-memory or a stack overflow. The budget is a few seconds per decoder (set
 * {@code -Dchain.fuzz.seconds=N} for a longer run); the seed is printed on failure.
 */
public class DecoderFuzzTest {
	private static final long SECONDS = Long.getLong("chain.fuzz.seconds", 4);
	private static final long SEED = Long.getLong("chain.fuzz.seed", System.nanoTime());

	interface Decoder {
		void decode(byte[] input);
	}

	@Test
	public void eventsDecoderFailsCleanlyOnMutatedInput() {
		Metadata m = Metadata.parse(Vectors.bytes("metadata-dinfra-v15.scale"));
		List<byte[]> seeds = new ArrayList<>();
		for (JsonNode block : Vectors.json("events.json")) {
			seeds.add(Vectors.hex(block.get("hex").asText()));
		}
		int runs = fuzz(seeds, input -> Events.decode(m, input), SEED);
		assertTrue(runs > 100);
	}

	@Test
	public void genericDecoderFailsCleanlyOnRandomTypesAndBytes() {
		Metadata m = Metadata.parse(Vectors.bytes("metadata-kusama-v14.scale"));
		Random types = new Random(SEED);
		List<byte[]> seeds = new ArrayList<>();
		for (Metadata.Pallet p : m.pallets()) {
			for (Metadata.Constant c : p.constants()) {
				seeds.add(c.value());
			}
		}
		int runs = fuzz(seeds, input -> {
			int type = types.nextInt(m.types().size());
			m.codec().decode(type, new ScaleReader(input));
		}, SEED);
		assertTrue(runs > 100);
	}

	@Test
	public void metadataParserFailsCleanlyOnMutatedMetadata() {
		List<byte[]> seeds = List.of(Vectors.bytes("metadata-dinfra-v14.scale"), Vectors.bytes("metadata-dinfra-v15.scale"));
		int runs = fuzz(seeds, Metadata::parse, SEED);
		assertTrue(runs > 10);
	}

	@Test
	public void extrinsicMetadataTypesDoNotRecurseForever() {
		// a type that contains itself with no bytes in between: refused by depth, not a stack overflow
		byte[] registry = new ScaleWriter().compact(1) // one type
				.compact(0).compact(0).compact(0) // id 0, no path, no params
				.u8(0).compact(1).u8(0).compact(0).u8(0).compact(0) // composite { field: type 0 }
				.compact(0) // no docs
				.toByteArray();
		TypeRegistry reg = TypeRegistry.read(new ScaleReader(registry));
		try {
			new ValueCodec(reg).decode(0, new byte[0]);
			fail();
		} catch (ScaleException expected) {
			// clean
		}
	}

	static int fuzz(List<byte[]> seeds, Decoder decoder, long seed) {
		Random random = new Random(seed);
		long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
		int runs = 0;
		while (System.nanoTime() < deadline || runs < 20) {
			byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
			try {
				decoder.decode(input);
			} catch (ScaleException clean) {
				// expected for most inputs
			} catch (Throwable t) {
				throw new AssertionError("seed " + seed + ", run " + runs + ": " + t + " on " + input.length + " bytes", t);
			}
			runs++;
		}
		return runs;
	}

	static byte[] mutate(byte[] seed, Random r) {
		byte[] b = seed.clone();
		int n = 1 + r.nextInt(8);
		for (int i = 0; i < n && b.length > 0; i++) {
			int at = r.nextInt(b.length);
			switch (r.nextInt(6)) {
				case 0 -> b[at] = (byte) r.nextInt(256);
				case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
				case 2 -> b = Arrays.copyOf(b, at); // truncate
				case 3 -> { // a huge compact length
					byte[] big = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f};
					System.arraycopy(big, 0, b, at, Math.min(big.length, b.length - at));
				}
				case 4 -> { // insert random bytes
					int k = 1 + r.nextInt(16);
					byte[] c = new byte[b.length + k];
					System.arraycopy(b, 0, c, 0, at);
					for (int j = 0; j < k; j++) {
						c[at + j] = (byte) r.nextInt(256);
					}
					System.arraycopy(b, at, c, at + k, b.length - at);
					b = c;
				}
				default -> { // duplicate a slice
					int len = Math.min(b.length - at, 1 + r.nextInt(64));
					byte[] c = new byte[b.length + len];
					System.arraycopy(b, 0, c, 0, at + len);
					System.arraycopy(b, at, c, at + len, b.length - at);
					b = c;
				}
			}
		}
		return b;
	}
}
