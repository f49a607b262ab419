package org.dinfra.keys.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;

/** OpenSSH itself (ssh-keygen) accepts our key files and agrees with our public lines and fingerprints. */
public class OpenSshInteropTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Keys keys = new KeysService();

	@Test
	public void sshKeygenDerivesOurPublicLineFromOurUnencryptedPrivateKey() throws Exception {
		int checked = 0;
		for (JsonNode c : Vectors.load("polkadot-ed25519.json").get("cases")) {
			if (checked++ % 30 != 0) {
				continue;
			}
			try (AccountKey key = keys.fromSecretUri(c.get("suri").asText().toCharArray())) {
				KeyReport report = keys.report(key.publicKey(), c.get("prefix").asInt());
				Path file = tmp.getRoot().toPath().resolve("id_" + checked);
				Secrets.writeOwnerOnly(file, keys.sshPrivateKey(key, report.ss58Address(), null));
				assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

				Tools.Result derived = Tools.run(List.of(Tools.sshKeygen(), "-y", "-f", file.toString()));
				assertEquals(derived.out(), 0, derived.exit());
				assertEquals(report.sshPublicKey(), derived.out().strip());

				Path pub = tmp.getRoot().toPath().resolve("id_" + checked + ".pub");
				Files.writeString(pub, report.sshPublicKey() + "\n");
				Tools.Result fingerprint = Tools.run(List.of(Tools.sshKeygen(), "-l", "-E", "sha256", "-f", pub.toString()));
				assertEquals(fingerprint.out(), 0, fingerprint.exit());
				assertEquals("256 " + report.fingerprint() + " " + report.ss58Address() + " (ED25519)", fingerprint.out().strip());
				// the private key file has the same fingerprint
				Tools.Result privateFingerprint = Tools.run(List.of(Tools.sshKeygen(), "-l", "-f", file.toString()));
				assertTrue(privateFingerprint.out(), privateFingerprint.out().contains(report.fingerprint()));
			}
		}
	}

	@Test
	public void encryptedPrivateKeyOpensWithItsPassphraseOnlyInSshKeygen() throws Exception {
		try (AccountKey key = keys.fromSecretUri("//Alice".toCharArray())) {
			KeyReport report = keys.report(key.publicKey(), 42);
			Path file = tmp.getRoot().toPath().resolve("id_alice");
			byte[] content = keys.sshPrivateKey(key, report.ss58Address(), "correct horse".toCharArray());
			assertTrue(new String(content, StandardCharsets.US_ASCII).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
			Secrets.writeOwnerOnly(file, content);

			Tools.Result right = Tools.run(List.of(Tools.sshKeygen(), "-y", "-P", "correct horse", "-f", file.toString()));
			assertEquals(right.out(), 0, right.exit());
			assertEquals(report.sshPublicKey(), right.out().strip());

			Tools.Result wrong = Tools.run(List.of(Tools.sshKeygen(), "-y", "-P", "wrong horse", "-f", file.toString()));
			assertNotEquals(wrong.out(), 0, wrong.exit());
			Tools.Result none = Tools.run(List.of(Tools.sshKeygen(), "-y", "-P", "", "-f", file.toString()));
			assertNotEquals(none.out(), 0, none.exit());
		}
	}

	@Test
	public void ourBcryptPbkdfOpensAKeyThatSshKeygenEncrypted() throws Exception {
		Path file = tmp.getRoot().toPath().resolve("id_openssh");
		Tools.Result made = Tools.run(List.of(Tools.sshKeygen(), "-q", "-t", "ed25519", "-N", "s3cret pass", "-C", "made by ssh-keygen", "-f", file.toString()));
		assertEquals(made.out(), 0, made.exit());

		String armour = Files.readString(file);
		byte[] binary = Base64.getMimeDecoder().decode(armour.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "").replace("-----END OPENSSH PRIVATE KEY-----", ""));
		Reader r = new Reader(binary);
		assertEquals("openssh-key-v1\0", new String(r.bytes(15), StandardCharsets.US_ASCII));
		assertEquals("aes256-ctr", r.text());
		assertEquals("bcrypt", r.text());
		Reader kdf = new Reader(r.string());
		byte[] salt = kdf.string();
		int rounds = kdf.uint32();
		assertEquals(1, r.uint32());
		byte[] publicBlob = r.string();
		byte[] encrypted = r.string();

		byte[] keyAndIv = BcryptPbkdf.derive("s3cret pass".getBytes(StandardCharsets.UTF_8), salt, rounds, 48);
		SICBlockCipher ctr = (SICBlockCipher) SICBlockCipher.newInstance(AESEngine.newInstance());
		ctr.init(false, new ParametersWithIV(new KeyParameter(keyAndIv, 0, 32), keyAndIv, 32, 16));
		byte[] plain = new byte[encrypted.length];
		ctr.processBytes(encrypted, 0, encrypted.length, plain, 0);

		Reader p = new Reader(plain);
		assertEquals("check words match: the derived key decrypts", p.uint32(), p.uint32());
		assertEquals("ssh-ed25519", p.text());
		byte[] pub = p.string();
		byte[] secret = p.string();
		assertEquals("made by ssh-keygen", p.text());
		// the key inside is the ed25519 key of its seed, and its public line is ours
		try (AccountKey key = AccountKey.fromSeed(Arrays.copyOf(secret, 32))) {
			assertArrayEquals(pub, key.publicKey().bytes());
			assertArrayEquals(publicBlob, OpenSsh.publicBlob(key.publicKey()));
			assertEquals(Files.readString(Path.of(file + ".pub")).strip(), keys.sshPublicKey(key.publicKey(), "made by ssh-keygen"));
		}
	}

	@Test
	public void blowfishTablesMatchBouncyCastlesBlowfish() {
		byte[] block = "8 bytes!".getBytes(StandardCharsets.US_ASCII);
		for (int length : new int[] { 4, 16, 56 }) {
			byte[] key = Arrays.copyOf(Hashes.sha512("blowfish".getBytes(StandardCharsets.US_ASCII)), length);
			org.bouncycastle.crypto.engines.BlowfishEngine bc = new org.bouncycastle.crypto.engines.BlowfishEngine();
			bc.init(true, new KeyParameter(key));
			byte[] expected = new byte[8];
			bc.processBlock(block, 0, expected, 0);
			assertArrayEquals(expected, BcryptPbkdf.blowfishEncrypt(key, block));
		}
	}

	/** Minimal SSH wire decoding for the test. */
	private static final class Reader {
		private final byte[] data;
		private int at;

		Reader(byte[] data) {
			this.data = data;
		}

		byte[] bytes(int n) {
			byte[] out = Arrays.copyOfRange(data, at, at + n);
			at += n;
			return out;
		}

		int uint32() {
			byte[] b = bytes(4);
			return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
		}

		byte[] string() {
			return bytes(uint32());
		}

		String text() {
			return new String(string(), StandardCharsets.UTF_8);
		}
	}
}
