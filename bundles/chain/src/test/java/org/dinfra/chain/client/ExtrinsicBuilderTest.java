package org.dinfra.chain.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Calls and signed extrinsics against @polkadot/api's for the same nonce, era, tip and key. */
public class ExtrinsicBuilderTest {
	private static final Metadata METADATA = Metadata.parse(Vectors.bytes("metadata-dinfra-v15.scale"));

	@Test
	public void callsAndSignedExtrinsicsAreIdenticalToPolkadotJs() throws Exception {
		ExtrinsicBuilder builder = new ExtrinsicBuilder(METADATA);
		int checked = 0;
		try (AccountKey bob = Keys.standalone().fromSecretUri("//Bob".toCharArray())) {
			for (JsonNode v : Vectors.json("extrinsics.json")) {
				assertEquals(v.get("signer").asText(), bob.publicKey().toHex());
				byte[] call = builder.call(v.get("pallet").asText(), v.get("call").asText(), args(v));
				assertEquals(v.get("call").asText(), v.get("callHex").asText(), Vectors.hex(call));
				ExtrinsicBuilder.Era era = v.get("era").asText().equals("immortal") ? ExtrinsicBuilder.Era.IMMORTAL
						: new ExtrinsicBuilder.Era(v.get("eraCurrent").asLong(), v.get("eraPeriod").asLong());
				assertEquals(v.get("eraHex").asText(), Vectors.hex(era.encode()));
				ExtrinsicBuilder.SigningParams params = new ExtrinsicBuilder.SigningParams(v.get("nonce").asLong(),
						new BigInteger(v.get("tip").asText()), era, Vectors.hex(v.get("blockHash").asText()),
						Vectors.hex(v.get("genesisHash").asText()), v.get("specVersion").asLong(), v.get("transactionVersion").asLong());
				byte[] signed = builder.signed(call, bob, params);
				assertEquals(v.get("call").asText() + " " + v.get("era").asText() + " nonce " + v.get("nonce"), v.get("hex").asText(),
						Vectors.hex(signed));
				checked++;
			}
		}
		assertTrue(checked >= 16);
	}

	private static Value[] args(JsonNode v) {
		JsonNode a = v.get("args");
		return switch (v.get("call").asText()) {
			case "subscribe" -> new Value[] {bytes(a.get("type_id")), bytes(a.get("descriptor_cid")), num(a.get("max_price_per_block")),
					num(a.get("deposit"))};
			case "report_failed" -> new Value[] {num(a.get("id")), num(a.get("reason"))};
			case "report_deployed" -> new Value[] {num(a.get("id")), bytes(a.get("endpoint"))};
			case "cancel" -> new Value[] {num(a.get("id"))};
			default -> throw new AssertionError(v.get("call").asText());
		};
	}

	private static Value bytes(JsonNode n) {
		return Value.of(n.asText().getBytes(StandardCharsets.UTF_8));
	}

	private static Value num(JsonNode n) {
		return new Value.Int(new BigInteger(n.asText()));
	}

	@Test
	public void mortalEraEncodingMatchesSubstrate() {
		// sp_runtime::generic::Era::mortal(64, 42) encodes as [0x a5, 0x02] (phase 42, period 64)
		assertEquals("0xa502", Vectors.hex(new ExtrinsicBuilder.Era(42, 64).encode()));
		assertEquals("0x00", Vectors.hex(ExtrinsicBuilder.Era.IMMORTAL.encode()));
	}
}
