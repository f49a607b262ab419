package org.dinfra.chain.client;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes SCALE-encoded values. */
public final class ScaleWriter {
	private static final BigInteger MAX_COMPACT = BigInteger.ONE.shiftLeft(536);
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	/** @return the bytes written so far */
	public byte[] toByteArray() {
		return out.toByteArray();
	}

	/** @return the number of bytes written */
	public int size() {
		return out.size();
	}

	/** @param v the byte (low 8 bits) @return this */
	public ScaleWriter u8(int v) {
		out.write(v);
		return this;
	}

	/** @param v the value (low 16 bits) @return this */
	public ScaleWriter u16(int v) {
		out.write(v);
		out.write(v >>> 8);
		return this;
	}

	/** @param v the value (low 32 bits) @return this */
	public ScaleWriter u32(long v) {
		for (int i = 0; i < 4; i++) {
			out.write((int) (v >>> (8 * i)));
		}
		return this;
	}

	/** @param v the value (64 bits, unsigned) @return this */
	public ScaleWriter u64(long v) {
		for (int i = 0; i < 8; i++) {
			out.write((int) (v >>> (8 * i)));
		}
		return this;
	}

	/**
	 * @param v    the value (two's complement for negative values)
	 * @param size width in bytes
	 * @return this
	 */
	public ScaleWriter integer(BigInteger v, int size) {
		if (v.bitLength() > (v.signum() < 0 ? size * 8 - 1 : size * 8)) {
			throw new IllegalArgumentException(v + " does not fit " + size + " bytes");
		}
		byte[] be = v.toByteArray();
		byte fill = (byte) (v.signum() < 0 ? 0xff : 0);
		for (int i = 0; i < size; i++) {
			int j = be.length - 1 - i;
			out.write(j >= 0 ? be[j] : fill);
		}
		return this;
	}

	/** @param v the value @return this */
	public ScaleWriter bool(boolean v) {
		out.write(v ? 1 : 0);
		return this;
	}

	/** @param v a non-negative value @return this */
	public ScaleWriter compact(long v) {
		return compact(BigInteger.valueOf(v));
	}

	/** @param v a non-negative value below 2^536 @return this */
	public ScaleWriter compact(BigInteger v) {
		if (v.signum() < 0 || v.compareTo(MAX_COMPACT) >= 0) {
			throw new IllegalArgumentException("compact out of range: " + v);
		}
		if (v.bitLength() <= 6) {
			out.write(v.intValue() << 2);
		} else if (v.bitLength() <= 14) {
			u16(v.intValue() << 2 | 1);
		} else if (v.bitLength() <= 30) {
			u32(v.longValue() << 2 | 2);
		} else {
			int n = (v.bitLength() + 7) / 8;
			out.write((n - 4) << 2 | 3);
			integer(v, n);
		}
		return this;
	}

	/** @param b raw bytes, no length @return this */
	public ScaleWriter raw(byte[] b) {
		out.writeBytes(b);
		return this;
	}

	/** @param b a {@code Vec<u8>}: compact length then bytes @return this */
	public ScaleWriter bytes(byte[] b) {
		compact(b.length);
		out.writeBytes(b);
		return this;
	}

	/** @param s a UTF-8 string with a compact length @return this */
	public ScaleWriter string(String s) {
		return bytes(s.getBytes(StandardCharsets.UTF_8));
	}
}
