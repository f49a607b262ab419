package org.dinfra.keys.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;

/**
 * Substrate's ed25519 key derivation, as {@code sp_core::ed25519::Pair::from_string} and
 * {@code @polkadot/keyring} do it.
 */
final class SubstrateEd25519 {
	private static final byte[] HDKD = Scale.withCompactLength("Ed25519HDKD".getBytes(StandardCharsets.US_ASCII));
	private static final char[] DEV_PHRASE = Keys.DEV_PHRASE.toCharArray();

	private SubstrateEd25519() {
	}

	/**
	 * {@code substrate-bip39}'s mini-secret: the first 32 bytes of
	 * PBKDF2-HMAC-SHA512(password = the mnemonic's entropy, salt = "mnemonic" + password, 2048).
	 * Not BIP39's seed, which uses the phrase itself as the PBKDF2 password.
	 */
	static byte[] miniSecret(byte[] entropy, byte[] password) {
		byte[] salt = new byte[8 + password.length];
		System.arraycopy("mnemonic".getBytes(StandardCharsets.US_ASCII), 0, salt, 0, 8);
		System.arraycopy(password, 0, salt, 8, password.length);
		PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
		pbkdf2.init(entropy, salt, 2048);
		KeyParameter derived = (KeyParameter) pbkdf2.generateDerivedParameters(512);
		byte[] key = derived.getKey();
		try {
			return Arrays.copyOf(key, 32);
		} finally {
			Arrays.fill(key, (byte) 0);
			Arrays.fill(salt, (byte) 0);
		}
	}

	/** {@code blake2b-256(SCALE("Ed25519HDKD") ++ seed ++ chainCode)}. */
	static byte[] deriveHard(byte[] seed, byte[] chainCode) {
		return Hashes.blake2b256(HDKD, seed, chainCode);
	}

	static AccountKey fromSecretUri(char[] suri) throws KeyException {
		SecretUri uri = SecretUri.parse(suri);
		for (SecretUri.Junction junction : uri.junctions()) {
			if (!junction.hard()) {
				throw new KeyException("soft derivation (/name) does not exist for ed25519 keys: use a hard junction (//name)");
			}
		}
		byte[] seed = uri.devPhrase() ? fromPhrase(DEV_PHRASE, 0, DEV_PHRASE.length, uri, suri) : rootSeed(suri, uri);
		try {
			for (SecretUri.Junction junction : uri.junctions()) {
				byte[] next = deriveHard(seed, junction.chainCode());
				Arrays.fill(seed, (byte) 0);
				seed = next;
			}
			return AccountKey.fromSeed(seed);
		} finally {
			Arrays.fill(seed, (byte) 0);
			for (SecretUri.Junction junction : uri.junctions()) {
				Arrays.fill(junction.chainCode(), (byte) 0);
			}
		}
	}

	private static byte[] rootSeed(char[] suri, SecretUri uri) throws KeyException {
		int start = uri.phraseStart();
		int end = uri.phraseEnd();
		if (end - start >= 2 && suri[start] == '0' && (suri[start + 1] == 'x' || suri[start + 1] == 'X')) {
			// a raw seed: the password, if any, is ignored (as in Substrate and polkadot.js)
			if (end - start != 66) {
				throw new KeyException("a 0x seed is 32 bytes (64 hex digits), got " + (end - start - 2) + " characters");
			}
			byte[] seed = new byte[32];
			for (int i = 0; i < 32; i++) {
				int hi = Character.digit(suri[start + 2 + 2 * i], 16);
				int lo = Character.digit(suri[start + 3 + 2 * i], 16);
				if (hi < 0 || lo < 0) {
					Arrays.fill(seed, (byte) 0);
					throw new KeyException("a 0x seed is 32 bytes (64 hex digits): it holds a character that is not a hex digit");
				}
				seed[i] = (byte) (hi << 4 | lo);
			}
			return seed;
		}
		return fromPhrase(suri, start, end, uri, suri);
	}

	private static byte[] fromPhrase(char[] phrase, int start, int end, SecretUri uri, char[] suri) throws KeyException {
		byte[] entropy = Bip39.toEntropy(phrase, start, end);
		byte[] password = uri.password(suri);
		try {
			return miniSecret(entropy, password);
		} finally {
			Arrays.fill(entropy, (byte) 0);
			Arrays.fill(password, (byte) 0);
		}
	}

	static String hex(byte[] bytes) {
		return "0x" + HexFormat.of().formatHex(bytes);
	}
}
