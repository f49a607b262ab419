package org.dinfra.keys.internal;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/** One-shot digests on BouncyCastle. */
final class Hashes {
	private Hashes() {
	}

	static byte[] blake2b256(byte[]... parts) {
		return digest(new Blake2bDigest(256), parts);
	}

	static byte[] blake2b512(byte[]... parts) {
		return digest(new Blake2bDigest(512), parts);
	}

	static byte[] sha256(byte[]... parts) {
		return digest(new SHA256Digest(), parts);
	}

	static byte[] sha512(byte[]... parts) {
		return digest(new SHA512Digest(), parts);
	}

	private static byte[] digest(Digest digest, byte[]... parts) {
		for (byte[] part : parts) {
			digest.update(part, 0, part.length);
		}
		byte[] out = new byte[digest.getDigestSize()];
		digest.doFinal(out, 0);
		return out;
	}
}
