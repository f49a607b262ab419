package org.dinfra.keys.api;

import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An ed25519 account key pair: the 32-byte seed (what Substrate calls the secret seed after
 * derivation) and its public key. {@link #close()} clears the seed.
 */
public final class AccountKey implements AutoCloseable {
	private final byte[] seed;
	private final Ed25519PublicKey publicKey;

	/**
	 * @param seed the 32-byte ed25519 seed (copied; clear your copy)
	 * @return the key pair of that seed
	 * @throws KeyException if the seed does not have 32 bytes
	 */
	public static AccountKey fromSeed(byte[] seed) throws KeyException {
		if (seed == null || seed.length != 32) {
			throw new KeyException("an ed25519 seed has 32 bytes, not " + (seed == null ? 0 : seed.length));
		}
		byte[] own = seed.clone();
		byte[] pub = new Ed25519PrivateKeyParameters(own, 0).generatePublicKey().getEncoded();
		return new AccountKey(own, Ed25519PublicKey.of(pub));
	}

	private AccountKey(byte[] seed, Ed25519PublicKey publicKey) {
		this.seed = seed;
		this.publicKey = publicKey;
	}

	/** @return the public key, which is the account id */
	public Ed25519PublicKey publicKey() {
		return publicKey;
	}

	/** @return a copy of the 32-byte seed; clear it when done */
	public byte[] seed() {
		return seed.clone();
	}

	/**
	 * @param message the bytes to sign
	 * @return the 64-byte ed25519 signature (RFC 8032, as Substrate's ed25519 signatures)
	 */
	public byte[] sign(byte[] message) {
		Ed25519Signer signer = new Ed25519Signer();
		signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
		signer.update(message, 0, message.length);
		return signer.generateSignature();
	}

	/** Overwrites the seed with zeros. */
	@Override
	public void close() {
		Arrays.fill(seed, (byte) 0);
	}

	/** @return the public key, never the seed */
	@Override
	public String toString() {
		return "AccountKey[" + publicKey.toHex() + "]";
	}
}
