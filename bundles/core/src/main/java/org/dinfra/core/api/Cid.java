package org.dinfra.core.api;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A content identifier (CID) as IPFS defines it: version, content codec and multihash.
 *
 * <p>DINFRA produces CIDv1 with the {@code raw} codec and a sha2-256 multihash, written in
 * base32 ({@code bafkrei...}); {@link #of(byte[])} computes one. {@link #parse(String)} reads
 * every CID (v0, v1; base32, base58btc, base16) so that errors can name what was given;
 * {@link #isVerifiable()} tells whether the bytes of the block can be checked against it,
 * which is the case for the {@code raw} and {@code json} codecs with sha2-256 or sha2-512.
 */
public final class Cid {
	/** Multicodec of a raw block. */
	public static final int RAW = 0x55;
	/** Multicodec of a JSON block. */
	public static final int JSON = 0x0200;
	/** Multicodec of a dag-pb (UnixFS) block, the CIDv0 codec. */
	public static final int DAG_PB = 0x70;
	/** Multihash code of sha2-256. */
	public static final int SHA2_256 = 0x12;
	/** Multihash code of sha2-512. */
	public static final int SHA2_512 = 0x13;

	private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
	private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	private static final int MAX_TEXT = 512;

	private final int version;
	private final int codec;
	private final int hashCode;
	private final byte[] digest;
	/** {@link #toString()}, computed once (journal lines and log lines name every CID often). */
	private String text;

	private Cid(int version, int codec, int hashCode, byte[] digest) {
		this.version = version;
		this.codec = codec;
		this.hashCode = hashCode;
		this.digest = digest;
	}

	/**
	 * @param bytes the content
	 * @return the CIDv1 (raw codec, sha2-256) of the bytes
	 */
	public static Cid of(byte[] bytes) {
		return new Cid(1, RAW, SHA2_256, digest(SHA2_256, bytes));
	}

	/**
	 * @param text a CID in its string form
	 * @return the parsed CID
	 * @throws IllegalArgumentException with the reason when the text is not a CID
	 */
	public static Cid parse(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("empty CID");
		}
		if (text.length() > MAX_TEXT) {
			throw new IllegalArgumentException("CID too long (" + text.length() + " characters, at most " + MAX_TEXT + ")");
		}
		try {
			return decode(text);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("invalid CID '" + text + "': " + e.getMessage(), e);
		}
	}

	private static Cid decode(String text) {
		if (text.length() == 46 && text.startsWith("Qm")) {
			return fromMultihash(0, DAG_PB, base58(text), 0);
		}
		byte[] bytes = switch (text.charAt(0)) {
			case 'b' -> base32(text.substring(1));
			case 'B' -> base32(text.substring(1).toLowerCase(Locale.ROOT));
			case 'z' -> base58(text.substring(1));
			case 'f', 'F' -> base16(text.substring(1));
			default -> throw new IllegalArgumentException("unsupported multibase prefix '" + text.charAt(0)
					+ "' (supported: b/B base32, z base58btc, f/F base16, Qm... CIDv0)");
		};
		int[] pos = {0};
		long version = varint(bytes, pos);
		if (version != 1) {
			throw new IllegalArgumentException("unsupported CID version " + version);
		}
		long codec = varint(bytes, pos);
		if (codec > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("codec 0x" + Long.toHexString(codec) + " out of range");
		}
		return fromMultihash(1, (int) codec, bytes, pos[0]);
	}

	private static Cid fromMultihash(int version, int codec, byte[] bytes, int offset) {
		int[] pos = {offset};
		long hash = varint(bytes, pos);
		long length = varint(bytes, pos);
		if (hash > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("multihash function 0x" + Long.toHexString(hash) + " out of range");
		}
		if (length != bytes.length - pos[0]) {
			throw new IllegalArgumentException("malformed multihash: it declares a " + length + "-byte digest but "
					+ (bytes.length - pos[0]) + " bytes follow");
		}
		return new Cid(version, codec, (int) hash, Arrays.copyOfRange(bytes, pos[0], bytes.length));
	}

	/** @return the CID version, 0 or 1 */
	public int version() {
		return version;
	}

	/** @return the multicodec of the content */
	public int codec() {
		return codec;
	}

	/** @return the multihash function code */
	public int hashFunction() {
		return hashCode;
	}

	/** @return a copy of the digest */
	public byte[] digest() {
		return digest.clone();
	}

	/** @return whether {@link #matches(byte[])} can check bytes against this CID */
	public boolean isVerifiable() {
		return (codec == RAW || codec == JSON) && (hashCode == SHA2_256 || hashCode == SHA2_512)
				&& digest.length == (hashCode == SHA2_256 ? 32 : 64);
	}

	/**
	 * @return why this CID cannot be verified, or {@code null} when it can
	 */
	public String unverifiableReason() {
		if (isVerifiable()) {
			return null;
		}
		if (codec != RAW && codec != JSON) {
			return "CID " + this + " has codec 0x" + Integer.toHexString(codec)
					+ (codec == DAG_PB ? " (dag-pb/UnixFS)" : "")
					+ "; only raw (0x55) and json (0x200) blocks can be verified as descriptor bytes";
		}
		if (hashCode != SHA2_256 && hashCode != SHA2_512) {
			return "CID " + this + " uses multihash 0x" + Integer.toHexString(hashCode)
					+ "; only sha2-256 and sha2-512 are verified";
		}
		return "CID " + this + " has a " + digest.length + "-byte " + (hashCode == SHA2_256 ? "sha2-256" : "sha2-512")
				+ " digest; a full digest has " + (hashCode == SHA2_256 ? 32 : 64) + " bytes";
	}

	/**
	 * @param bytes candidate content
	 * @return true when the bytes hash to this CID's digest
	 * @throws IllegalStateException when the CID is not {@linkplain #isVerifiable() verifiable}
	 */
	public boolean matches(byte[] bytes) {
		if (!isVerifiable()) {
			throw new IllegalStateException(unverifiableReason());
		}
		return MessageDigest.isEqual(digest, digest(hashCode, bytes));
	}

	private static byte[] digest(int hash, byte[] bytes) {
		try {
			return MessageDigest.getInstance(hash == SHA2_256 ? "SHA-256" : "SHA-512").digest(bytes);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** @return the binary form (for CIDv0, the multihash) */
	public byte[] toBytes() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (version == 1) {
			writeVarint(out, 1);
			writeVarint(out, codec);
		}
		writeVarint(out, hashCode);
		writeVarint(out, digest.length);
		out.writeBytes(digest);
		return out.toByteArray();
	}

	/** @return the canonical string: base32 for CIDv1, base58btc for CIDv0 */
	@Override
	public String toString() {
		String t = text;
		if (t == null) {
			t = version == 0 ? encodeBase58(toBytes()) : "b" + encodeBase32(toBytes());
			text = t;
		}
		return t;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Cid c && c.version == version && c.codec == codec && c.hashCode == hashCode
				&& Arrays.equals(c.digest, digest);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(digest) * 31 + codec;
	}

	private static long varint(byte[] bytes, int[] pos) {
		long value = 0;
		for (int shift = 0; shift < 63; shift += 7) {
			if (pos[0] >= bytes.length) {
				throw new IllegalArgumentException("truncated varint at byte " + pos[0]);
			}
			int b = bytes[pos[0]++] & 0xff;
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		throw new IllegalArgumentException("varint longer than 9 bytes");
	}

	private static void writeVarint(ByteArrayOutputStream out, long value) {
		while ((value & ~0x7fL) != 0) {
			out.write((int) ((value & 0x7f) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
	}

	static String encodeBase32(byte[] data) {
		StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : data) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				sb.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
				bits -= 5;
			}
		}
		if (bits > 0) {
			sb.append(BASE32.charAt((buffer << (5 - bits)) & 31));
		}
		return sb.toString();
	}

	private static byte[] base32(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (int i = 0; i < text.length(); i++) {
			int v = BASE32.indexOf(text.charAt(i));
			if (v < 0) {
				throw new IllegalArgumentException("invalid base32 character '" + text.charAt(i) + "'");
			}
			buffer = (buffer << 5) | v;
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

	private static byte[] base16(String text) {
		if (text.length() % 2 != 0) {
			throw new IllegalArgumentException("odd number of base16 digits");
		}
		byte[] out = new byte[text.length() / 2];
		for (int i = 0; i < out.length; i++) {
			int hi = hexDigit(text.charAt(2 * i));
			int lo = hexDigit(text.charAt(2 * i + 1));
			out[i] = (byte) (hi << 4 | lo);
		}
		return out;
	}

	/** ASCII hex digits only: {@link Character#digit} also accepts other scripts' digits. */
	private static int hexDigit(char c) {
		int v = c < 128 ? Character.digit(c, 16) : -1;
		if (v < 0) {
			throw new IllegalArgumentException("invalid base16 character '" + c + "'");
		}
		return v;
	}

	private static byte[] base58(String text) {
		java.math.BigInteger value = java.math.BigInteger.ZERO;
		java.math.BigInteger radix = java.math.BigInteger.valueOf(58);
		int zeros = 0;
		while (zeros < text.length() && text.charAt(zeros) == '1') {
			zeros++;
		}
		for (int i = 0; i < text.length(); i++) {
			int v = BASE58.indexOf(text.charAt(i));
			if (v < 0) {
				throw new IllegalArgumentException("invalid base58 character '" + text.charAt(i) + "'");
			}
			value = value.multiply(radix).add(java.math.BigInteger.valueOf(v));
		}
		byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
		int strip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
		byte[] out = new byte[zeros + magnitude.length - strip];
		System.arraycopy(magnitude, strip, out, zeros, magnitude.length - strip);
		return out;
	}

	private static String encodeBase58(byte[] data) {
		java.math.BigInteger value = new java.math.BigInteger(1, data);
		java.math.BigInteger radix = java.math.BigInteger.valueOf(58);
		StringBuilder sb = new StringBuilder();
		while (value.signum() > 0) {
			java.math.BigInteger[] qr = value.divideAndRemainder(radix);
			sb.append(BASE58.charAt(qr[1].intValue()));
			value = qr[0];
		}
		for (int i = 0; i < data.length && data[i] == 0; i++) {
			sb.append('1');
		}
		return sb.reverse().toString();
	}
}
