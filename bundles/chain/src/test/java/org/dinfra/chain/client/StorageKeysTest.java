package org.dinfra.chain.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Storage keys of our runtime's items against @polkadot/api's {@code query.x.y.key(...)}. */
public class StorageKeysTest {
	private static final Metadata METADATA = Metadata.parse(Vectors.bytes("metadata-dinfra-v15.scale"));

	@Test
	public void keysAndPrefixesMatchPolkadotJs() {
		int checked = 0;
		for (JsonNode k : Vectors.json("storage-keys.json")) {
			String[] item = k.get("item").asText().split("\\.");
			Value[] args = new Value[k.get("args").size()];
			for (int i = 0; i < args.length; i++) {
				String a = k.get("args").get(i).asText();
				args[i] = a.startsWith("0x") ? Value.of(Vectors.hex(a))
						: a.matches("\\d+") ? new Value.Int(new BigInteger(a)) : Value.of(a.getBytes(StandardCharsets.UTF_8));
			}
			assertEquals(k.get("item").asText(), k.get("key").asText(), Vectors.hex(StorageKeys.key(METADATA, item[0], item[1], args)));
			checked++;
		}
		assertTrue(checked >= 8);
	}

	@Test
	public void subscriptionIdIsTheLastEightBytesOfAProviderIndexKey() {
		byte[] provider = new byte[32];
		byte[] key = StorageKeys.key(METADATA, "DinfraSubscriptions", "SubscriptionsByProvider", Value.of(provider), Value.of(77));
		assertEquals(77L, new ScaleReader(StorageKeys.lastKey(key, 8)).u64());
	}
}
