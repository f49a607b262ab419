package org.dinfra.chain.client;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/** The hashes Substrate uses: xxHash64-based twox and Blake2b. */
public final class Hashing {
	private static final long P1 = 0x9E3779B185EBCA87L;
	private static final long P2 = 0xC2B2AE3D27D4EB4FL;
	private static final long P3 = 0x165667B19E3779F9L;
	private static final long P4 = 0x85EBCA77C2B2AE63L;
	private static final long P5 = 0x27D4EB2F165667C5L;

	private Hashing() {
	}

	/**
	 * @param data the input
	 * @param seed the seed
	 * @return xxHash64 of the input
	 */
	public static long xxHash64(byte[] data, long seed) {
		int len = data.length;
		int p = 0;
		long h;
		if (len >= 32) {
			long v1 = seed + P1 + P2;
			long v2 = seed + P2;
			long v3 = seed;
			long v4 = seed - P1;
			int limit = len - 32;
			do {
				v1 = round(v1, le64(data, p));
				v2 = round(v2, le64(data, p + 8));
				v3 = round(v3, le64(data, p + 16));
				v4 = round(v4, le64(data, p + 24));
				p += 32;
			} while (p <= limit);
			h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
			h = merge(h, v1);
			h = merge(h, v2);
			h = merge(h, v3);
			h = merge(h, v4);
		} else {
			h = seed + P5;
		}
		h += len;
		while (p + 8 <= len) {
			h ^= round(0, le64(data, p));
			h = Long.rotateLeft(h, 27) * P1 + P4;
			p += 8;
		}
		if (p + 4 <= len) {
			h ^= (le32(data, p)) * P1;
			h = Long.rotateLeft(h, 23) * P2 + P3;
			p += 4;
		}
		while (p < len) {
			h ^= (data[p] & 0xffL) * P5;
			h = Long.rotateLeft(h, 11) * P1;
			p++;
		}
		h ^= h >>> 33;
		h *= P2;
		h ^= h >>> 29;
		h *= P3;
		h ^= h >>> 32;
		return h;
	}

	private static long round(long acc, long input) {
		acc += input * P2;
		acc = Long.rotateLeft(acc, 31);
		return acc * P1;
	}

	private static long merge(long acc, long val) {
		acc ^= round(0, val);
		return acc * P1 + P4;
	}

	private static long le64(byte[] b, int p) {
		long v = 0;
		for (int i = 7; i >= 0; i--) {
			v = v << 8 | (b[p + i] & 0xffL);
		}
		return v;
	}

	private static long le32(byte[] b, int p) {
		return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
	}

	/**
	 * @param data the input
	 * @param bits 64, 128 or 256
	 * @return Substrate's twox hash: xxHash64 with seeds 0, 1, ... concatenated little-endian
	 */
	public static byte[] twox(byte[] data, int bits) {
		if (bits != 64 && bits != 128 && bits != 256) {
			throw new IllegalArgumentException("twox of " + bits + " bits");
		}
		byte[] out = new byte[bits / 8];
		for (int s = 0; s < bits / 64; s++) {
			long h = xxHash64(data, s);
			for (int i = 0; i < 8; i++) {
				out[s * 8 + i] = (byte) (h >>> (8 * i));
			}
		}
		return out;
	}

	/** @param text UTF-8 text @return twox128 of it, as used for pallet and item prefixes */
	public static byte[] twox128(String text) {
		return twox(text.getBytes(StandardCharsets.UTF_8), 128);
	}

	/**
	 * @param data the input
	 * @param bits the output size in bits (8..512, a multiple of 8)
	 * @return Blake2b of that size, no key
	 */
	public static byte[] blake2(byte[] data, int bits) {
		Blake2bDigest d = new Blake2bDigest(bits);
		d.update(data, 0, data.length);
		byte[] out = new byte[bits / 8];
		d.doFinal(out, 0);
		return out;
	}
}
