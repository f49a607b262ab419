package org.dinfra.keys.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * OpenBSD's {@code bcrypt_pbkdf}, the key derivation of passphrase-protected OpenSSH private
 * keys (openssh-key-v1, kdfname "bcrypt"). BouncyCastle has bcrypt but not this PBKDF2-like
 * construction around its "eksblowfish" core, so it is written out here after OpenBSD's
 * {@code bcrypt_pbkdf.c} and {@code blf.c}; OpenSSH's {@code ssh-keygen} checks the result.
 */
final class BcryptPbkdf {
	private static final int BCRYPT_WORDS = 8;
	private static final int BCRYPT_HASHSIZE = BCRYPT_WORDS * 4;
	private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

	private final int[] p = new int[18];
	private final int[] s0 = new int[256];
	private final int[] s1 = new int[256];
	private final int[] s2 = new int[256];
	private final int[] s3 = new int[256];

	private BcryptPbkdf() {
	}

	/**
	 * @param password the passphrase bytes
	 * @param salt     the salt (16 bytes in OpenSSH keys)
	 * @param rounds   the number of rounds (16 by default in OpenSSH)
	 * @param length   the number of bytes to derive
	 * @return the derived key; clear it when done
	 */
	static byte[] derive(byte[] password, byte[] salt, int rounds, int length) {
		if (rounds < 1 || length < 1 || length > BCRYPT_HASHSIZE * BCRYPT_HASHSIZE) {
			throw new IllegalArgumentException("bcrypt_pbkdf: bad rounds or length");
		}
		BcryptPbkdf state = new BcryptPbkdf();
		byte[] key = new byte[length];
		int stride = (length + BCRYPT_HASHSIZE - 1) / BCRYPT_HASHSIZE;
		int amount = (length + stride - 1) / stride;
		byte[] sha2pass = Hashes.sha512(password);
		byte[] countSalt = Arrays.copyOf(salt, salt.length + 4);
		byte[] out = new byte[BCRYPT_HASHSIZE];
		byte[] tmp = new byte[BCRYPT_HASHSIZE];
		int remaining = length;
		for (int count = 1; remaining > 0; count++) {
			countSalt[salt.length] = (byte) (count >>> 24);
			countSalt[salt.length + 1] = (byte) (count >>> 16);
			countSalt[salt.length + 2] = (byte) (count >>> 8);
			countSalt[salt.length + 3] = (byte) count;
			byte[] sha2salt = Hashes.sha512(countSalt);
			state.hash(sha2pass, sha2salt, tmp);
			System.arraycopy(tmp, 0, out, 0, out.length);
			for (int i = 1; i < rounds; i++) {
				sha2salt = Hashes.sha512(tmp);
				state.hash(sha2pass, sha2salt, tmp);
				for (int j = 0; j < out.length; j++) {
					out[j] ^= tmp[j];
				}
			}
			int take = Math.min(amount, remaining);
			int i;
			for (i = 0; i < take; i++) {
				int dest = i * stride + (count - 1);
				if (dest >= length) {
					break;
				}
				key[dest] = out[i];
			}
			remaining -= i;
		}
		Arrays.fill(sha2pass, (byte) 0);
		Arrays.fill(out, (byte) 0);
		Arrays.fill(tmp, (byte) 0);
		state.clear();
		return key;
	}

	/** {@code bcrypt_hash}: eksblowfish keyed with the hashed password and salt, then encrypting the magic. */
	private void hash(byte[] sha2pass, byte[] sha2salt, byte[] out) {
		initState();
		expandState(sha2salt, sha2pass);
		for (int i = 0; i < 64; i++) {
			expand0State(sha2salt);
			expand0State(sha2pass);
		}
		int[] cdata = new int[BCRYPT_WORDS];
		int[] j = { 0 };
		for (int i = 0; i < BCRYPT_WORDS; i++) {
			cdata[i] = streamToWord(MAGIC, j);
		}
		int[] block = new int[2];
		for (int i = 0; i < 64; i++) {
			for (int b = 0; b < BCRYPT_WORDS; b += 2) {
				block[0] = cdata[b];
				block[1] = cdata[b + 1];
				encipher(block);
				cdata[b] = block[0];
				cdata[b + 1] = block[1];
			}
		}
		for (int i = 0; i < BCRYPT_WORDS; i++) {
			out[4 * i + 3] = (byte) (cdata[i] >>> 24);
			out[4 * i + 2] = (byte) (cdata[i] >>> 16);
			out[4 * i + 1] = (byte) (cdata[i] >>> 8);
			out[4 * i] = (byte) cdata[i];
		}
		Arrays.fill(cdata, 0);
	}

	private void initState() {
		System.arraycopy(BlowfishTables.P, 0, p, 0, p.length);
		System.arraycopy(BlowfishTables.S0, 0, s0, 0, 256);
		System.arraycopy(BlowfishTables.S1, 0, s1, 0, 256);
		System.arraycopy(BlowfishTables.S2, 0, s2, 0, 256);
		System.arraycopy(BlowfishTables.S3, 0, s3, 0, 256);
	}

	private void clear() {
		Arrays.fill(p, 0);
		Arrays.fill(s0, 0);
		Arrays.fill(s1, 0);
		Arrays.fill(s2, 0);
		Arrays.fill(s3, 0);
	}

	/** {@code Blowfish_expandstate}: key into P, then P and S re-made from encryptions mixed with {@code data}. */
	private void expandState(byte[] data, byte[] key) {
		int[] j = { 0 };
		for (int i = 0; i < 18; i++) {
			p[i] ^= streamToWord(key, j);
		}
		j[0] = 0;
		int[] block = new int[2];
		for (int i = 0; i < 18; i += 2) {
			block[0] ^= streamToWord(data, j);
			block[1] ^= streamToWord(data, j);
			encipher(block);
			p[i] = block[0];
			p[i + 1] = block[1];
		}
		for (int[] s : new int[][] { s0, s1, s2, s3 }) {
			for (int k = 0; k < 256; k += 2) {
				block[0] ^= streamToWord(data, j);
				block[1] ^= streamToWord(data, j);
				encipher(block);
				s[k] = block[0];
				s[k + 1] = block[1];
			}
		}
	}

	/** {@code Blowfish_expand0state}: the standard Blowfish key schedule without resetting the state. */
	private void expand0State(byte[] key) {
		int[] j = { 0 };
		for (int i = 0; i < 18; i++) {
			p[i] ^= streamToWord(key, j);
		}
		int[] block = new int[2];
		for (int i = 0; i < 18; i += 2) {
			encipher(block);
			p[i] = block[0];
			p[i + 1] = block[1];
		}
		for (int[] s : new int[][] { s0, s1, s2, s3 }) {
			for (int k = 0; k < 256; k += 2) {
				encipher(block);
				s[k] = block[0];
				s[k + 1] = block[1];
			}
		}
	}

	/** Encrypts one 64-bit block in place (16 rounds). */
	private void encipher(int[] block) {
		int xl = block[0] ^ p[0];
		int xr = block[1];
		for (int i = 1; i <= 16; i += 2) {
			xr ^= f(xl) ^ p[i];
			xl ^= f(xr) ^ p[i + 1];
		}
		block[0] = xr ^ p[17];
		block[1] = xl;
	}

	private int f(int x) {
		return ((s0[x >>> 24] + s1[x >>> 16 & 0xff]) ^ s2[x >>> 8 & 0xff]) + s3[x & 0xff];
	}

	/** {@code Blowfish_stream2word}: the next 4 bytes of {@code data}, big-endian, wrapping around. */
	private static int streamToWord(byte[] data, int[] position) {
		int word = 0;
		int j = position[0];
		for (int i = 0; i < 4; i++) {
			if (j >= data.length) {
				j = 0;
			}
			word = word << 8 | data[j] & 0xff;
			j++;
		}
		position[0] = j;
		return word;
	}

	/** For tests: one standard Blowfish encryption with a key, to compare the tables with another implementation. */
	static byte[] blowfishEncrypt(byte[] key, byte[] block8) {
		BcryptPbkdf state = new BcryptPbkdf();
		state.initState();
		state.expand0State(key);
		int[] block = { (block8[0] & 0xff) << 24 | (block8[1] & 0xff) << 16 | (block8[2] & 0xff) << 8 | block8[3] & 0xff,
				(block8[4] & 0xff) << 24 | (block8[5] & 0xff) << 16 | (block8[6] & 0xff) << 8 | block8[7] & 0xff };
		state.encipher(block);
		byte[] out = new byte[8];
		for (int i = 0; i < 4; i++) {
			out[i] = (byte) (block[0] >>> (24 - 8 * i));
			out[4 + i] = (byte) (block[1] >>> (24 - 8 * i));
		}
		return out;
	}
}
