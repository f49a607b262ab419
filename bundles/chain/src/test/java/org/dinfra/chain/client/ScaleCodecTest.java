package org.dinfra.chain.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** SCALE primitives against @polkadot/types' encodings (scale.json). */
public class ScaleCodecTest {

	@Test
	public void everyPolkadotJsVectorDecodesAndEncodesByteForByte() {
		JsonNode vectors = Vectors.json("scale.json");
		int checked = 0;
		for (JsonNode v : vectors) {
			String type = v.get("type").asText();
			byte[] bytes = Vectors.hex(v.get("hex").asText());
			ScaleReader r = new ScaleReader(bytes);
			ScaleWriter w = new ScaleWriter();
			JsonNode value = v.get("value");
			switch (type) {
				case "u8", "u16", "u32", "u64", "u128", "i8", "i32", "i64", "i128" -> {
					int size = Integer.parseInt(type.substring(1)) / 8;
					BigInteger expected = new BigInteger(value.asText());
					BigInteger got = type.startsWith("u") ? r.unsigned(size) : r.signed(size);
					assertEquals(type, expected, got);
					w.integer(expected, size);
				}
				case "Compact<u128>" -> {
					BigInteger expected = new BigInteger(value.asText());
					assertEquals(expected, r.compact());
					w.compact(expected);
				}
				case "bool" -> {
					assertEquals(value.asBoolean(), r.bool());
					w.bool(value.asBoolean());
				}
				case "Option<u32>" -> {
					if (value.isNull()) {
						assertFalse(r.bool());
						w.u8(0);
					} else {
						assertTrue(r.bool());
						assertEquals(value.asLong(), r.u32());
						w.u8(1).u32(value.asLong());
					}
				}
				case "Option<bool>" -> {
					// a plain Option<bool> is generic (parity-scale-codec's one-byte form is the separate OptionBool type)
					assertTrue(r.bool());
					assertEquals(value.asBoolean(), r.bool());
					w.u8(1).bool(value.asBoolean());
				}
				case "Vec<u16>" -> {
					int n = r.length(2);
					assertEquals(value.size(), n);
					w.compact(n);
					for (JsonNode e : value) {
						assertEquals(e.asInt(), r.u16());
						w.u16(e.asInt());
					}
				}
				case "Vec<u8>" -> {
					byte[] b = r.bytes();
					assertEquals(value.asText(), Vectors.hex(b));
					w.bytes(b);
				}
				case "Text" -> {
					assertEquals(value.asText(), r.string());
					w.string(value.asText());
				}
				case "(u8,u32,Compact<u64>)" -> {
					assertEquals(value.get(0).asInt(), r.u8());
					assertEquals(value.get(1).asLong(), r.u32());
					assertEquals(value.get(2).asLong(), r.compactLong());
					w.u8(value.get(0).asInt()).u32(value.get(1).asLong()).compact(value.get(2).asLong());
				}
				case "Result<u32, Text>" -> {
					if (value.has("Ok")) {
						assertEquals(0, r.u8());
						assertEquals(value.get("Ok").asLong(), r.u32());
						w.u8(0).u32(value.get("Ok").asLong());
					} else {
						assertEquals(1, r.u8());
						assertEquals(value.get("Err").asText(), r.string());
						w.u8(1).string(value.get("Err").asText());
					}
				}
				case "[u8; 4]" -> {
					byte[] b = r.fixed(4);
					assertEquals(value.asText(), Vectors.hex(b));
					w.raw(b);
				}
				default -> fail("no check for vector type " + type);
			}
			r.expectEnd();
			assertEquals(type + " " + value, v.get("hex").asText(), Vectors.hex(w.toByteArray()));
			checked++;
		}
		assertEquals(vectors.size(), checked);
		assertTrue(checked > 40);
	}

	@Test
	public void lengthPrefixLargerThanTheRemainingBytesIsACleanError() {
		// compact 2^30-1 as a length, then 3 bytes
		byte[] hostile = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
		try {
			new ScaleReader(hostile).bytes();
			fail("decoded a 1 GiB vector from 7 bytes");
		} catch (ScaleException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("exceeds"));
		}
	}

	@Test
	public void bigCompactLengthIsRefusedWithoutAllocating() {
		byte[] hostile = new byte[68];
		hostile[0] = (byte) 0xff; // big-integer mode, 67 bytes follow
		java.util.Arrays.fill(hostile, 1, 68, (byte) 0xff);
		try {
			new ScaleReader(hostile).length(1);
			fail();
		} catch (ScaleException expected) {
			// clean error
		}
	}

	@Test
	public void truncatedIntegerIsACleanError() {
		try {
			new ScaleReader(new byte[] {1, 2, 3}).u32();
			fail();
		} catch (ScaleException e) {
			assertTrue(e.getMessage().contains("need 4 bytes"));
		}
	}

	@Test
	public void invalidUtf8StringIsACleanError() {
		try {
			new ScaleReader(new byte[] {8, (byte) 0xc3, 0x28}).string();
			fail();
		} catch (ScaleException e) {
			assertTrue(e.getMessage().contains("UTF-8"));
		}
		assertEquals("ok", new ScaleReader(new ScaleWriter().string("ok").toByteArray()).string());
		assertEquals(3, "✓".getBytes(StandardCharsets.UTF_8).length);
	}
}
