package org.dinfra.keys.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;

/**
 * OpenSSH's ed25519 key formats: the public key blob and line (RFC 8709), its SHA256
 * fingerprint, and the openssh-key-v1 private key file (OpenSSH's PROTOCOL.key), unencrypted
 * or encrypted with aes256-ctr under bcrypt_pbkdf as {@code ssh-keygen} writes it.
 */
final class OpenSsh {
	static final String KEY_TYPE = "ssh-ed25519";
	/** OpenSSH's default number of bcrypt_pbkdf rounds for new keys. */
	static final int KDF_ROUNDS = 16;
	private static final int SALT_LENGTH = 16;
	private static final byte[] AUTH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

	private OpenSsh() {
	}

	/** {@code string "ssh-ed25519", string key}. */
	static byte[] publicBlob(Ed25519PublicKey key) {
		Writer blob = new Writer();
		blob.string(KEY_TYPE);
		blob.string(key.bytes());
		return blob.toByteArray();
	}

	static String publicLine(Ed25519PublicKey key, String comment) {
		String line = KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob(key));
		return comment == null || comment.isBlank() ? line : line + " " + comment.strip();
	}

	static String fingerprint(Ed25519PublicKey key) {
		return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Hashes.sha256(publicBlob(key)));
	}

	/**
	 * @param passphrase null or empty: unencrypted ("none"); otherwise aes256-ctr + bcrypt
	 * @return the armoured file, {@code -----BEGIN OPENSSH PRIVATE KEY-----} ...
	 */
	static byte[] privateKeyFile(AccountKey key, String comment, char[] passphrase, SecureRandom random) {
		boolean encrypt = passphrase != null && passphrase.length > 0;
		int blockSize = encrypt ? 16 : 8;
		byte[] seed = key.seed();
		byte[] pub = key.publicKey().bytes();
		byte[] secret = new byte[64];
		System.arraycopy(seed, 0, secret, 0, 32);
		System.arraycopy(pub, 0, secret, 32, 32);

		Writer inner = new Writer();
		int check = random.nextInt();
		inner.uint32(check);
		inner.uint32(check);
		inner.string(KEY_TYPE);
		inner.string(pub);
		inner.string(secret);
		inner.string(comment == null ? "" : comment);
		for (int pad = 1; inner.size() % blockSize != 0; pad++) {
			inner.write(pad);
		}
		byte[] privateSection = inner.toByteArray();
		inner.clear();

		Writer file = new Writer();
		file.write(AUTH_MAGIC);
		if (encrypt) {
			byte[] salt = new byte[SALT_LENGTH];
			random.nextBytes(salt);
			Writer kdfOptions = new Writer();
			kdfOptions.string(salt);
			kdfOptions.uint32(KDF_ROUNDS);
			byte[] password = SecretUri.utf8(passphrase, 0, passphrase.length);
			byte[] keyAndIv = BcryptPbkdf.derive(password, salt, KDF_ROUNDS, 32 + 16);
			SICBlockCipher ctr = (SICBlockCipher) SICBlockCipher.newInstance(AESEngine.newInstance());
			ctr.init(true, new ParametersWithIV(new KeyParameter(keyAndIv, 0, 32), keyAndIv, 32, 16));
			byte[] encrypted = new byte[privateSection.length];
			ctr.processBytes(privateSection, 0, privateSection.length, encrypted, 0);
			Arrays.fill(privateSection, (byte) 0);
			Arrays.fill(keyAndIv, (byte) 0);
			Arrays.fill(password, (byte) 0);
			ctr.reset();
			privateSection = encrypted;
			file.string("aes256-ctr");
			file.string("bcrypt");
			file.string(kdfOptions.toByteArray());
		} else {
			file.string("none");
			file.string("none");
			file.string(new byte[0]);
		}
		file.uint32(1);
		file.string(publicBlob(key.publicKey()));
		file.string(privateSection);
		Arrays.fill(privateSection, (byte) 0);
		Arrays.fill(seed, (byte) 0);
		Arrays.fill(secret, (byte) 0);

		byte[] binary = file.toByteArray();
		file.clear();
		byte[] base64 = Base64.getEncoder().encode(binary);
		Arrays.fill(binary, (byte) 0);
		Writer armour = new Writer();
		armour.write("-----BEGIN OPENSSH PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < base64.length; i += 70) {
			armour.write(base64, i, Math.min(70, base64.length - i));
			armour.write('\n');
		}
		armour.write("-----END OPENSSH PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII));
		Arrays.fill(base64, (byte) 0);
		byte[] result = armour.toByteArray();
		armour.clear();
		return result;
	}

	/** SSH wire encoding (RFC 4251) into a buffer that can be cleared. */
	static final class Writer extends ByteArrayOutputStream {
		Writer() {
			// large enough for a whole key file, so that no uncleared copy is left behind by growth
			super(2048);
		}

		void uint32(int value) {
			write(value >>> 24);
			write(value >>> 16);
			write(value >>> 8);
			write(value);
		}

		void string(byte[] value) {
			uint32(value.length);
			write(value, 0, value.length);
		}

		void string(String value) {
			string(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public void write(byte[] bytes) {
			write(bytes, 0, bytes.length);
		}

		void clear() {
			Arrays.fill(buf, (byte) 0);
			reset();
		}
	}
}
