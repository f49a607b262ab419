package org.dinfra.chain.client;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** twox, blake2 and every storage hasher against @polkadot/util-crypto (hashes.json). */
public class HashingTest {

	@Test
	public void twoxAndBlake2MatchPolkadotUtilCrypto() {
		JsonNode vectors = Vectors.json("hashes.json");
		for (JsonNode v : vectors) {
			byte[] in = Vectors.hex(v.get("input").asText());
			String what = "input " + v.get("input").asText();
			assertEquals(what, v.get("twox64").asText(), Vectors.hex(Hashing.twox(in, 64)));
			assertEquals(what, v.get("twox128").asText(), Vectors.hex(Hashing.twox(in, 128)));
			assertEquals(what, v.get("twox256").asText(), Vectors.hex(Hashing.twox(in, 256)));
			assertEquals(what, v.get("blake2_128").asText(), Vectors.hex(Hashing.blake2(in, 128)));
			assertEquals(what, v.get("blake2_256").asText(), Vectors.hex(Hashing.blake2(in, 256)));
		}
	}

	@Test
	public void everyStorageHasherMatchesPolkadotUtilCrypto() {
		JsonNode vectors = Vectors.json("hashes.json");
		String[] names = {"Blake2_128", "Blake2_256", "Blake2_128Concat", "Twox128", "Twox256", "Twox64Concat", "Identity"};
		for (JsonNode v : vectors) {
			byte[] in = Vectors.hex(v.get("input").asText());
			for (int i = 0; i < names.length; i++) {
				assertEquals(names[i], v.get("hashers").get(names[i]).asText(), Vectors.hex(StorageHasher.ofIndex(i).hash(in)));
			}
		}
	}
}
