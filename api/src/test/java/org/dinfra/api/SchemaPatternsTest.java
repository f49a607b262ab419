package org.dinfra.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.dinfra.core.api.Cid;
import org.junit.Test;

/**
 * The document's patterns allow exactly what they describe: {@code DeploymentId} the decimal
 * u64 range and {@code Amount} the u128 range (canonical decimal), {@code Cid} every form core's
 * {@link Cid} reads, {@code Account} every SS58 length of a 32-byte account. The patterns use
 * only what ECMA-262 and {@link Pattern} read alike; inputs hold no line terminator, before which
 * Java's {@code $} would also match.
 */
public class SchemaPatternsTest {
	private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

	private static Pattern pattern(String schema) {
		String p = ApiDocument.schema(schema).path("pattern").asText();
		assertFalse(schema + " has a pattern", p.isEmpty());
		return Pattern.compile(p);
	}

	private static boolean matches(Pattern p, String s) {
		return p.matcher(s).find();
	}

	@Test
	public void deploymentIdIsExactlyTheUnsigned64BitRange() {
		assertDecimalRange(pattern("DeploymentId"), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
		assertEquals(Long.toUnsignedString(-1L), ApiDocument.schema("DeploymentId").path("description").asText()
				.replaceAll("(?s).*0 to ([0-9]+).*", "$1"));
	}

	@Test
	public void amountIsExactlyTheUnsigned128BitRange() {
		assertDecimalRange(pattern("Amount"), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
	}

	/** 0..max in decimal without leading zeros, nothing else. */
	private static void assertDecimalRange(Pattern p, BigInteger max) {
		List<BigInteger> samples = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TEN, max,
				max.subtract(BigInteger.ONE), max.add(BigInteger.ONE), max.multiply(BigInteger.TEN)));
		String digits = max.toString();
		samples.add(BigInteger.TEN.pow(digits.length() - 1));
		samples.add(BigInteger.TEN.pow(digits.length() - 1).subtract(BigInteger.ONE));
		samples.add(BigInteger.TEN.pow(digits.length()).subtract(BigInteger.ONE));
		for (int i = 0; i < digits.length(); i++) {
			for (char d = '0'; d <= '9'; d++) {
				String s = digits.substring(0, i) + d + digits.substring(i + 1);
				if (s.charAt(0) != '0') {
					samples.add(new BigInteger(s));
				}
			}
		}
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			samples.add(new BigInteger(max.bitLength() + 1, random));
			samples.add(new BigInteger(random.nextInt(max.bitLength() + 1) + 1, random));
		}
		for (BigInteger n : samples) {
			assertEquals(n + " allowed", n.compareTo(max) <= 0, matches(p, n.toString()));
		}
		for (String s : List.of("", "00", "01", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x1", "١")) {
			assertFalse("'" + s + "' refused", matches(p, s));
		}
	}

	@Test
	public void cidAllowsEveryFormCoreReads() {
		Pattern p = pattern("Cid");
		List<String> read = new ArrayList<>();
		for (String content : List.of("", "hello world", "{\"content\":\"hello\"}")) {
			Cid cid = Cid.of(content.getBytes(StandardCharsets.UTF_8));
			byte[] bytes = cid.toBytes();
			read.add(cid.toString());
			read.add("B" + cid.toString().substring(1).toUpperCase(Locale.ROOT));
			read.add("f" + HexFormat.of().formatHex(bytes));
			read.add("F" + HexFormat.of().withUpperCase().formatHex(bytes));
			read.add("z" + base58(bytes));
			byte[] multihash = new byte[34];
			System.arraycopy(bytes, 2, multihash, 0, 34);
			read.add(base58(multihash)); // CIDv0, Qm...
		}
		for (String text : read) {
			Cid.parse(text); // core reads it,
			assertTrue(text + " allowed", matches(p, text)); // so the document allows it
		}
		assertTrue(read.get(5).startsWith("Qm"));
		for (String text : List.of("", "bafkrei!", "bAFKREI", "f123", "g00", "Qm123", "x" + read.get(0), " " + read.get(0))) {
			assertFalse(text + " refused", matches(p, text));
			try {
				Cid.parse(text);
				fail("core reads " + text);
			} catch (IllegalArgumentException expected) {
				// neither reads it
			}
		}
		assertEquals(512, ApiDocument.schema("Cid").path("maxLength").asInt());
	}

	@Test
	public void accountAllowsEverySs58LengthOfA32ByteAccount() {
		Pattern p = pattern("Account");
		assertTrue("empty: no consumer", matches(p, ""));
		// base58(prefix ++ 32-byte account ++ 2-byte checksum): the prefix is 1 byte (0..63) or 2 (64..16383)
		int shortest = Integer.MAX_VALUE;
		int longest = 0;
		for (byte[] raw : List.of(new byte[35], filled(35, 63), filled(35, 0), head(36, 0x40), filled(36, 0x7f))) {
			String address = base58(raw);
			shortest = Math.min(shortest, address.length());
			longest = Math.max(longest, address.length());
			assertTrue(address + " allowed", matches(p, address));
		}
		assertEquals(35, shortest);
		assertEquals(49, longest);
		assertTrue("Charlie", matches(p, "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y"));
		for (String s : List.of("1".repeat(34), "1".repeat(50), "0".repeat(47), "O".repeat(47), "I".repeat(47),
				"l".repeat(47), "itest", "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y ")) {
			assertFalse("'" + s + "' refused", matches(p, s));
		}
	}

	private static byte[] filled(int length, int first) {
		byte[] b = new byte[length];
		java.util.Arrays.fill(b, (byte) 0xff);
		b[0] = (byte) first;
		return b;
	}

	private static byte[] head(int length, int first) {
		byte[] b = new byte[length];
		b[0] = (byte) first;
		return b;
	}

	private static String base58(byte[] data) {
		StringBuilder sb = new StringBuilder();
		BigInteger n = new BigInteger(1, data);
		BigInteger radix = BigInteger.valueOf(58);
		while (n.signum() > 0) {
			BigInteger[] qr = n.divideAndRemainder(radix);
			sb.append(BASE58.charAt(qr[1].intValue()));
			n = qr[0];
		}
		for (int i = 0; i < data.length && data[i] == 0; i++) {
			sb.append('1');
		}
		return sb.reverse().toString();
	}
}
