package org.dinfra.keys.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Ss58Address;

/**
 * SS58 addresses of 32-byte accounts: {@code base58(prefix ++ key ++ checksum)}, the prefix in
 * one byte (0..63) or two (64..16383), the checksum the first two bytes of
 * {@code blake2b-512("SS58PRE" ++ prefix ++ key)}.
 */
final class Ss58 {
	private static final byte[] CONTEXT = "SS58PRE".getBytes(StandardCharsets.US_ASCII);

	private Ss58() {
	}

	static void checkPrefix(int prefix) throws KeyException {
		if (prefix < 0 || prefix > Keys.MAX_SS58_PREFIX) {
			throw new KeyException("an SS58 prefix is 0..16383, not " + prefix);
		}
		if (prefix == 46 || prefix == 47) {
			throw new KeyException("SS58 prefix " + prefix + " is reserved");
		}
	}

	static String encode(Ed25519PublicKey key, int prefix) throws KeyException {
		checkPrefix(prefix);
		byte[] head = prefix < 64
				? new byte[] { (byte) prefix }
				: new byte[] { (byte) ((prefix & 0b1111_1100) >> 2 | 0b0100_0000), (byte) (prefix >> 8 | (prefix & 0b11) << 6) };
		byte[] pub = key.bytes();
		byte[] hash = Hashes.blake2b512(CONTEXT, head, pub);
		byte[] raw = new byte[head.length + pub.length + 2];
		System.arraycopy(head, 0, raw, 0, head.length);
		System.arraycopy(pub, 0, raw, head.length, pub.length);
		raw[raw.length - 2] = hash[0];
		raw[raw.length - 1] = hash[1];
		return Base58.encode(raw);
	}

	static Ss58Address decode(String address) throws KeyException {
		byte[] raw = Base58.decode(address);
		if (raw.length == 0) {
			throw new KeyException("not an SS58 address: it is empty");
		}
		if ((raw[0] & 0x80) != 0) {
			throw new KeyException("not an SS58 address: invalid prefix byte in " + address);
		}
		int headLength = (raw[0] & 0x40) != 0 ? 2 : 1;
		if (raw.length != headLength + Ed25519PublicKey.LENGTH + 2) {
			throw new KeyException("not an SS58 account address: " + address + " decodes to " + raw.length
					+ " bytes, an account address has " + (headLength + Ed25519PublicKey.LENGTH + 2));
		}
		int prefix = headLength == 1
				? raw[0]
				: (raw[0] & 0b0011_1111) << 2 | (raw[1] & 0xff) >> 6 | (raw[1] & 0b0011_1111) << 8;
		if (prefix == 46 || prefix == 47) {
			throw new KeyException("not an SS58 address: prefix " + prefix + " is reserved");
		}
		byte[] body = Arrays.copyOf(raw, raw.length - 2);
		byte[] hash = Hashes.blake2b512(CONTEXT, body);
		if (hash[0] != raw[raw.length - 2] || hash[1] != raw[raw.length - 1]) {
			throw new KeyException("SS58 checksum mismatch in " + address + ": the address is mistyped or corrupt");
		}
		Ed25519PublicKey key = Ed25519PublicKey.of(Arrays.copyOfRange(raw, headLength, headLength + Ed25519PublicKey.LENGTH));
		return new Ss58Address(address, prefix, key);
	}
}
