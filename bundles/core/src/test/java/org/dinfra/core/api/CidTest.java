package org.dinfra.core.api;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks {@link Cid} against reference CIDs computed by the IPFS JavaScript implementation
 * ({@code src/test/resources/cid/generate.mjs}, output committed as {@code vectors.json}).
 */
public class CidTest {
	private static final HexFormat HEX = HexFormat.of();
	private static JsonNode vectors;

	@BeforeClass
	public static void loadVectors() throws IOException {
		try (InputStream in = CidTest.class.getResourceAsStream("/cid/vectors.json")) {
			vectors = new ObjectMapper().readTree(in);
		}
		assertTrue("the reference vectors are present", vectors.path("vectors").size() >= 5);
	}

	/** The content a vector names: hex, UTF-8 text, or a byte pattern. */
	private static byte[] content(JsonNode vector) {
		JsonNode c = vector.path("content");
		if (c.has("hex")) {
			return HEX.parseHex(c.get("hex").asText());
		}
		if (c.has("utf8")) {
			return c.get("utf8").asText().getBytes(StandardCharsets.UTF_8);
		}
		int length = c.path("pattern").path("length").asInt();
		int modulus = c.path("pattern").path("modulus").asInt();
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) (i % modulus);
		}
		return bytes;
	}

	private static List<JsonNode> rawVectors() {
		List<JsonNode> list = new ArrayList<>();
		vectors.path("vectors").forEach(list::add);
		return list;
	}

	@Test
	public void ofComputesTheCidTheIpfsReferenceImplementationComputes() {
		for (JsonNode v : rawVectors()) {
			Cid cid = Cid.of(content(v));
			String name = v.path("name").asText();
			assertEquals(name, v.path("base32").asText(), cid.toString());
			assertEquals(name, v.path("bytes").asText(), HEX.formatHex(cid.toBytes()));
			assertEquals(name, v.path("digest").asText(), HEX.formatHex(cid.digest()));
			assertEquals(name, 1, cid.version());
			assertEquals(name, Cid.RAW, cid.codec());
			assertEquals(name, Cid.SHA2_256, cid.hashFunction());
		}
	}

	@Test
	public void referenceVectorsCoverEmptyOneByteLargeAndUtf8Content() {
		List<Integer> lengths = rawVectors().stream().map(v -> content(v).length).toList();
		assertTrue(lengths.contains(0));
		assertTrue(lengths.contains(1));
		assertTrue(lengths.contains(1 << 20));
		assertTrue(rawVectors().stream().anyMatch(v -> v.path("content").has("utf8")));
	}

	@Test
	public void everyMultibaseFormOfAReferenceCidParsesToTheSameCid() {
		for (JsonNode v : rawVectors()) {
			Cid expected = Cid.of(content(v));
			for (String form : List.of("base32", "base32upper", "base58btc", "base16", "base16upper")) {
				String text = v.path(form).asText();
				Cid parsed = Cid.parse(text);
				assertEquals(v.path("name").asText() + " " + form + " " + text, expected, parsed);
				assertEquals(expected.hashCode(), parsed.hashCode());
				assertEquals("formats canonically as base32", v.path("base32").asText(), parsed.toString());
			}
		}
	}

	@Test
	public void formForMultibasePrefixesDifferAsIpfsWritesThem() {
		JsonNode v = rawVectors().get(1);
		assertTrue(v.path("base32").asText().startsWith("bafkrei"));
		assertTrue(v.path("base58btc").asText().startsWith("z"));
		assertTrue(v.path("base16").asText().startsWith("f0155"));
		assertEquals(v.path("base32").asText().toUpperCase(Locale.ROOT), v.path("base32upper").asText());
	}

	@Test
	public void parsedReferenceCidMatchesOnlyItsOwnBytes() {
		for (JsonNode v : rawVectors()) {
			byte[] bytes = content(v);
			Cid cid = Cid.parse(v.path("base32").asText());
			assertTrue(cid.isVerifiable());
			assertNull(cid.unverifiableReason());
			assertTrue(v.path("name").asText(), cid.matches(bytes));
			byte[] other = new byte[bytes.length + 1];
			System.arraycopy(bytes, 0, other, 0, bytes.length);
			assertFalse(cid.matches(other));
			if (bytes.length > 0) {
				byte[] flipped = bytes.clone();
				flipped[flipped.length - 1] ^= 1;
				assertFalse(cid.matches(flipped));
			}
		}
	}

	@Test
	public void stringAndBinaryFormsRoundTrip() {
		List<String> texts = new ArrayList<>();
		rawVectors().forEach(v -> texts.add(v.path("base32").asText()));
		texts.add(vectors.path("json").path("base32").asText());
		texts.add(vectors.path("sha512").path("base32").asText());
		texts.add(vectors.path("dagPbV0").path("base58btc").asText());
		texts.add(vectors.path("dagPbV1").path("base32").asText());
		for (String text : texts) {
			Cid cid = Cid.parse(text);
			assertEquals(text, cid.toString());
			assertEquals(cid, Cid.parse(cid.toString()));
			String base16 = "f" + HEX.formatHex(cid.toBytes());
			if (cid.version() == 1) {
				assertEquals(cid, Cid.parse(base16));
			}
		}
	}

	@Test
	public void jsonCodecCidIsVerifiable() {
		JsonNode v = vectors.path("json");
		Cid cid = Cid.parse(v.path("base32").asText());
		assertEquals(Cid.JSON, cid.codec());
		assertEquals(0x0200, v.path("codec").asInt());
		assertEquals(Cid.SHA2_256, cid.hashFunction());
		assertEquals(v.path("digest").asText(), HEX.formatHex(cid.digest()));
		assertTrue(cid.isVerifiable());
		assertNull(cid.unverifiableReason());
		assertTrue(cid.matches(content(v)));
		assertNotEquals("the codec is part of the identity", Cid.of(content(v)), cid);
	}

	@Test
	public void sha512CidIsVerifiableInEveryForm() {
		JsonNode v = vectors.path("sha512");
		Cid cid = Cid.parse(v.path("base32").asText());
		assertEquals(cid, Cid.parse(v.path("base58btc").asText()));
		assertEquals(Cid.SHA2_512, cid.hashFunction());
		assertEquals(64, cid.digest().length);
		assertEquals(v.path("digest").asText(), HEX.formatHex(cid.digest()));
		assertTrue(cid.isVerifiable());
		assertTrue(cid.matches(content(v)));
		assertFalse(cid.matches(new byte[0]));
	}

	@Test
	public void cidV0OfADagPbNodeParsesButIsNotVerifiable() {
		JsonNode v = vectors.path("dagPbV0");
		String text = v.path("base58btc").asText();
		Cid cid = Cid.parse(text);
		assertEquals(0, cid.version());
		assertEquals(Cid.DAG_PB, cid.codec());
		assertEquals(Cid.SHA2_256, cid.hashFunction());
		assertEquals(v.path("digest").asText(), HEX.formatHex(cid.digest()));
		assertEquals("a CIDv0's binary form is its multihash", v.path("bytes").asText(), HEX.formatHex(cid.toBytes()));
		assertEquals(text, cid.toString());
		assertFalse(cid.isVerifiable());
		assertThat(cid.unverifiableReason(), containsString("dag-pb"));
		assertThat(cid.unverifiableReason(), containsString(text));
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> cid.matches(content(v)));
		assertThat(e.getMessage(), containsString("dag-pb"));
	}

	@Test
	public void cidV1OfADagPbNodeIsNotVerifiableAndDiffersFromItsV0() {
		Cid v1 = Cid.parse(vectors.path("dagPbV1").path("base32").asText());
		Cid v0 = Cid.parse(vectors.path("dagPbV0").path("base58btc").asText());
		assertEquals(1, v1.version());
		assertEquals(Cid.DAG_PB, v1.codec());
		assertArrayEquals(v0.digest(), v1.digest());
		assertNotEquals(v0, v1);
		assertFalse(v1.isVerifiable());
		assertThat(v1.unverifiableReason(), containsString("0x70"));
	}

	@Test
	public void cidWithAnUnknownHashFunctionIsNotVerifiable() {
		// blake2b-256 (multihash 0xb220, varint a0 e4 02), raw codec, 32-byte digest
		String text = "f01" + "55" + "a0e402" + "20" + "11".repeat(32);
		Cid cid = Cid.parse(text);
		assertEquals(0xb220, cid.hashFunction());
		assertFalse(cid.isVerifiable());
		assertThat(cid.unverifiableReason(), containsString("0xb220"));
		assertThrows(IllegalStateException.class, () -> cid.matches(new byte[0]));
	}

	@Test
	public void sha256CidWithATruncatedDigestIsNotVerifiableAndSaysWhy() {
		String text = "f01" + "55" + "12" + "14" + "ab".repeat(20);
		Cid cid = Cid.parse(text);
		assertFalse(cid.isVerifiable());
		assertThat(cid.unverifiableReason(), containsString("20"));
		assertThat(cid.unverifiableReason(), containsString("32"));
	}

	@Test
	public void digestIsACopy() {
		Cid cid = Cid.of(new byte[] {1, 2, 3});
		cid.digest()[0] ^= 0x7f;
		assertTrue(cid.matches(new byte[] {1, 2, 3}));
	}

	@Test
	public void differentContentGivesDifferentCids() {
		assertNotEquals(Cid.of(new byte[] {0}), Cid.of(new byte[] {1}));
		assertNotEquals(Cid.of(new byte[0]), null);
	}

	private static String malformed(String text) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cid.parse(text));
		assertTrue("message for " + text, e.getMessage() != null && !e.getMessage().isBlank());
		return e.getMessage();
	}

	private static String good() {
		return rawVectors().get(1).path("base32").asText();
	}

	@Test
	public void emptyOrNullTextIsRefused() {
		assertThat(malformed(""), containsString("empty"));
		assertThat(malformed(null), containsString("empty"));
	}

	@Test
	public void overlongTextIsRefusedWithoutEchoingIt() {
		String text = "b" + "a".repeat(512);
		String message = malformed(text);
		assertThat(message, containsString("too long"));
		assertThat(message, containsString("513"));
		assertTrue("the message stays short", message.length() < 200);
	}

	@Test
	public void textOfExactlyTheLimitIsDecodedNotRefusedForLength() {
		String message = malformed("b" + "a".repeat(511));
		assertFalse(message, message.contains("too long"));
	}

	@Test
	public void unknownMultibasePrefixIsRefused() {
		String message = malformed("m" + good().substring(1));
		assertThat(message, containsString("multibase"));
		assertThat(message, containsString("'m'"));
		assertThat(malformed("Qm-too-short"), containsString("multibase"));
	}

	@Test
	public void invalidBase32CharacterIsRefused() {
		String text = good().substring(0, 10) + "1" + good().substring(11);
		String message = malformed(text);
		assertThat(message, containsString("base32"));
		assertThat(message, containsString("'1'"));
	}

	@Test
	public void paddedBase32IsRefused() {
		assertThat(malformed(good() + "="), containsString("'='"));
	}

	@Test
	public void invalidBase58CharacterIsRefused() {
		String z = rawVectors().get(1).path("base58btc").asText();
		assertThat(malformed(z.substring(0, 5) + "0" + z.substring(6)), containsString("base58"));
		String v0 = vectors.path("dagPbV0").path("base58btc").asText();
		assertThat(malformed(v0.substring(0, 45) + "l"), containsString("base58"));
	}

	@Test
	public void invalidBase16IsRefused() {
		String f = rawVectors().get(1).path("base16").asText();
		assertThat(malformed(f.substring(0, f.length() - 1)), containsString("base16"));
		assertThat(malformed(f.substring(0, 9) + "g" + f.substring(10)), containsString("base16"));
	}

	@Test
	public void nonAsciiDigitsAreNotBase16() {
		// U+0661 ARABIC-INDIC DIGIT ONE is a digit to Character.digit, but not base16
		String f = rawVectors().get(1).path("base16").asText();
		String text = "f0\u0661" + f.substring(3);
		assertThat(malformed(text), containsString("base16"));
	}

	@Test
	public void truncatedVarintIsRefused() {
		assertThat(malformed("f80"), containsString("truncated"));
		assertThat(malformed("f01"), containsString("truncated"));
		assertThat(malformed("f0155"), containsString("truncated"));
		assertThat(malformed("b"), containsString("truncated"));
	}

	@Test
	public void overlongVarintIsRefused() {
		assertThat(malformed("f" + "ff".repeat(10) + "01"), containsString("varint"));
	}

	@Test
	public void digestShorterOrLongerThanDeclaredIsRefused() {
		String f = rawVectors().get(1).path("base16").asText();
		String shorter = malformed(f.substring(0, f.length() - 2));
		assertThat(shorter, containsString("multihash"));
		assertThat(shorter, containsString("32"));
		assertThat(malformed(f + "00"), containsString("multihash"));
	}

	@Test
	public void unsupportedVersionIsRefused() {
		assertThat(malformed("f02551220" + "00".repeat(32)), containsString("version 2"));
		assertThat(malformed("f00551220" + "00".repeat(32)), containsString("version 0"));
	}

	@Test
	public void messagesNameTheOffendingText() {
		String f = rawVectors().get(1).path("base16").asText();
		String truncated = f.substring(0, f.length() - 2);
		assertThat(malformed(truncated), containsString(truncated));
	}
}
