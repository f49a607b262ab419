package org.dinfra.keys.api;

import java.util.Arrays;
import java.util.HexFormat;

/** The 32 bytes of an ed25519 public key, which is also the Substrate account id. */
public final class Ed25519PublicKey {
	/** Length of an ed25519 public key in bytes. */
	public static final int LENGTH = 32;

	private final byte[] bytes;

	private Ed25519PublicKey(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * @param bytes the 32 bytes of the key (copied)
	 * @return the key
	 * @throws KeyException if there are not 32 bytes
	 */
	public static Ed25519PublicKey of(byte[] bytes) throws KeyException {
		if (bytes == null || bytes.length != LENGTH) {
			throw new KeyException("an ed25519 public key has 32 bytes, not " + (bytes == null ? 0 : bytes.length));
		}
		return new Ed25519PublicKey(bytes.clone());
	}

	/**
	 * @param hex {@code 0x} followed by 64 hex digits
	 * @return the key
	 * @throws KeyException if {@code hex} is not that
	 */
	public static Ed25519PublicKey fromHex(String hex) throws KeyException {
		String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
		if (digits.length() != 2 * LENGTH) {
			throw new KeyException("a hex public key is 0x followed by 64 hex digits, got " + digits.length() + " digits");
		}
		try {
			return new Ed25519PublicKey(HexFormat.of().parseHex(digits));
		} catch (IllegalArgumentException e) {
			throw new KeyException("a hex public key is 0x followed by 64 hex digits: " + hex + " is not hex");
		}
	}

	/** @return a copy of the 32 bytes */
	public byte[] bytes() {
		return bytes.clone();
	}

	/** @return {@code 0x} and 64 lower-case hex digits, as polkadot.js prints public keys */
	public String toHex() {
		return "0x" + HexFormat.of().formatHex(bytes);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Ed25519PublicKey && Arrays.equals(bytes, ((Ed25519PublicKey) o).bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(bytes);
	}

	@Override
	public String toString() {
		return toHex();
	}
}
