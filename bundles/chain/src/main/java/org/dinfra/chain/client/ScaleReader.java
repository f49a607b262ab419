package org.dinfra.chain.client;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads SCALE-encoded values from a byte array. Every read checks the bytes that remain, so
 * hostile input yields a {@link ScaleException}, never an allocation larger than the input.
 */
public final class ScaleReader {
	private final byte[] bytes;
	private final int end;
	private int pos;

	/** @param bytes the encoded bytes (not copied; do not modify while reading) */
	public ScaleReader(byte[] bytes) {
		this(bytes, 0, bytes.length);
	}

	/**
	 * @param bytes  the encoded bytes (not copied)
	 * @param offset first byte to read
	 * @param length number of bytes readable
	 */
	public ScaleReader(byte[] bytes, int offset, int length) {
		if (offset < 0 || length < 0 || offset + length > bytes.length) {
			throw new IllegalArgumentException("range outside the array");
		}
		this.bytes = bytes;
		this.pos = offset;
		this.end = offset + length;
	}

	/** @return the read position in the array */
	public int position() {
		return pos;
	}

	/** @return the number of bytes not read yet */
	public int remaining() {
		return end - pos;
	}

	/** @return true when every byte was read */
	public boolean atEnd() {
		return pos == end;
	}

	/** @throws ScaleException if bytes remain */
	public void expectEnd() {
		if (pos != end) {
			throw new ScaleException((end - pos) + " trailing bytes at offset " + pos);
		}
	}

	private void need(long n) {
		if (n < 0 || n > end - pos) {
			throw new ScaleException("need " + n + " bytes at offset " + pos + ", " + (end - pos) + " remain");
		}
	}

	/** @return the next byte, unsigned */
	public int u8() {
		need(1);
		return bytes[pos++] & 0xff;
	}

	/** @return a little-endian u16 */
	public int u16() {
		need(2);
		int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8;
		pos += 2;
		return v;
	}

	/** @return a little-endian u32 as a long (0..2^32-1) */
	public long u32() {
		need(4);
		long v = (bytes[pos] & 0xffL) | (bytes[pos + 1] & 0xffL) << 8 | (bytes[pos + 2] & 0xffL) << 16
				| (bytes[pos + 3] & 0xffL) << 24;
		pos += 4;
		return v;
	}

	/** @return a little-endian u64 (the bits; use {@link Long#toUnsignedString} to print) */
	public long u64() {
		need(8);
		long v = 0;
		for (int i = 7; i >= 0; i--) {
			v = v << 8 | (bytes[pos + i] & 0xffL);
		}
		pos += 8;
		return v;
	}

	/**
	 * @param size the width in bytes (1..32)
	 * @return the little-endian unsigned integer
	 */
	public BigInteger unsigned(int size) {
		byte[] le = fixed(size);
		byte[] be = new byte[size];
		for (int i = 0; i < size; i++) {
			be[i] = le[size - 1 - i];
		}
		return new BigInteger(1, be);
	}

	/**
	 * @param size the width in bytes (1..32)
	 * @return the little-endian two's complement integer
	 */
	public BigInteger signed(int size) {
		byte[] le = fixed(size);
		byte[] be = new byte[size];
		for (int i = 0; i < size; i++) {
			be[i] = le[size - 1 - i];
		}
		return new BigInteger(be);
	}

	/** @return a boolean: 0 or 1 */
	public boolean bool() {
		int b = u8();
		if (b > 1) {
			throw new ScaleException("bool byte " + b + " at offset " + (pos - 1));
		}
		return b == 1;
	}

	/** @return a compact-encoded unsigned integer */
	public BigInteger compact() {
		int b0 = u8();
		switch (b0 & 3) {
			case 0:
				return BigInteger.valueOf(b0 >>> 2);
			case 1:
				pos--;
				return BigInteger.valueOf(u16() >>> 2);
			case 2:
				pos--;
				return BigInteger.valueOf(u32() >>> 2);
			default:
				int n = (b0 >>> 2) + 4;
				return unsigned(n);
		}
	}

	/**
	 * @return a compact integer that must fit a signed long
	 * @throws ScaleException if it does not
	 */
	public long compactLong() {
		BigInteger v = compact();
		if (v.bitLength() > 63) {
			throw new ScaleException("compact value " + v + " too large at offset " + pos);
		}
		return v.longValue();
	}

	/**
	 * A length prefix: compact, and at most the bytes that remain divided by the minimum encoded
	 * size of one element.
	 *
	 * @param minElementSize the fewest bytes one element can take (0 for zero-sized elements)
	 * @return the length
	 */
	public int length(int minElementSize) {
		int at = pos;
		BigInteger v = compact();
		long max = minElementSize == 0 ? Math.min(end - pos, 1 << 20) * 64L + 1024 : (end - pos) / minElementSize;
		if (v.bitLength() > 31 || v.longValue() > max) {
			throw new ScaleException("length " + v + " at offset " + at + " exceeds what " + (end - pos)
					+ " remaining bytes can hold");
		}
		return v.intValue();
	}

	/**
	 * @param n number of bytes
	 * @return a copy of the next {@code n} bytes
	 */
	public byte[] fixed(int n) {
		need(n);
		byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
		pos += n;
		return out;
	}

	/** @return a {@code Vec<u8>}: compact length then bytes */
	public byte[] bytes() {
		return fixed(length(1));
	}

	/** @return a UTF-8 string with a compact length */
	public String string() {
		int at = pos;
		byte[] b = bytes();
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
		} catch (CharacterCodingException e) {
			throw new ScaleException("string at offset " + at + " is not UTF-8");
		}
	}

	/** @param n bytes to skip */
	public void skip(int n) {
		need(n);
		pos += n;
	}
}
