package org.dinfra.keys.internal;

/** The little of SCALE that key derivation needs: compact-length-prefixed bytes. */
final class Scale {
	private Scale() {
	}

	/** @return the SCALE encoding of a byte string: compact length, then the bytes */
	static byte[] withCompactLength(byte[] bytes) {
		int n = bytes.length;
		byte[] prefix;
		if (n < 1 << 6) {
			prefix = new byte[] { (byte) (n << 2) };
		} else if (n < 1 << 14) {
			int v = n << 2 | 0b01;
			prefix = new byte[] { (byte) v, (byte) (v >>> 8) };
		} else if (n < 1 << 30) {
			int v = n << 2 | 0b10;
			prefix = new byte[] { (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24) };
		} else {
			prefix = new byte[] { 0b11, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24) };
		}
		byte[] out = new byte[prefix.length + n];
		System.arraycopy(prefix, 0, out, 0, prefix.length);
		System.arraycopy(bytes, 0, out, prefix.length, n);
		return out;
	}
}
