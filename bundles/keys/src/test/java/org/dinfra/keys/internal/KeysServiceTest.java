package org.dinfra.keys.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Mnemonic;
import org.dinfra.keys.api.Secrets;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Behaviour of the service beyond the reference vectors: generation, bad input, secrets on disk. */
public class KeysServiceTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Keys keys = new KeysService();

	@Test
	public void generatedMnemonicsOfEveryLengthValidateAndDerive() throws KeyException {
		for (int words : Keys.MNEMONIC_WORD_COUNTS) {
			Set<Ed25519PublicKey> seen = new HashSet<>();
			for (int i = 0; i < 5; i++) {
				try (Mnemonic mnemonic = keys.generateMnemonic(words)) {
					char[] phrase = mnemonic.phrase();
					assertEquals(words, new String(phrase).split(" ").length);
					keys.validateMnemonic(phrase);
					try (AccountKey key = keys.fromSecretUri(phrase)) {
						assertTrue("fresh randomness", seen.add(key.publicKey()));
					}
					assertEquals("never the words", "Mnemonic[" + words + " words]", mnemonic.toString());
				}
			}
		}
	}

	@Test
	public void mnemonicEntropyRoundTrips() throws KeyException {
		byte[] entropy = Hashes.sha256("x".getBytes(StandardCharsets.US_ASCII));
		for (int bytes = 16; bytes <= 32; bytes += 4) {
			byte[] e = java.util.Arrays.copyOf(entropy, bytes);
			try (Mnemonic m = Bip39.fromEntropy(e)) {
				char[] phrase = m.phrase();
				assertArrayEquals(e, Bip39.toEntropy(phrase, 0, phrase.length));
			}
		}
	}

	@Test
	public void wrongWordCountIsRefused() {
		KeyException e = assertThrows(KeyException.class, () -> keys.generateMnemonic(13));
		assertEquals("a mnemonic has 12, 15, 18, 21 or 24 words, not 13", e.getMessage());
		e = assertThrows(KeyException.class, () -> keys.validateMnemonic("bottom drive obey".toCharArray()));
		assertEquals("a mnemonic has 12, 15, 18, 21 or 24 words, not 3", e.getMessage());
	}

	@Test
	public void unknownWordIsNamedByPositionNotByItsText() {
		KeyException e = assertThrows(KeyException.class,
				() -> keys.fromSecretUri(Keys.DEV_PHRASE.replace("lake", "laek").toCharArray()));
		assertEquals("word 4 of the mnemonic is not in the BIP39 English word list", e.getMessage());
	}

	@Test
	public void softJunctionOnEd25519SaysSo() {
		KeyException e = assertThrows(KeyException.class, () -> keys.fromSecretUri("//Alice/soft".toCharArray()));
		assertTrue(e.getMessage(), e.getMessage().startsWith("soft derivation (/name) does not exist for ed25519 keys"));
	}

	@Test
	public void malformedSecretUrisAreRefused() {
		assertEquals("the secret URI is empty; expected <mnemonic or 0x seed>[//hard][///password]",
				assertThrows(KeyException.class, () -> keys.fromSecretUri(" ".toCharArray())).getMessage());
		assertTrue(assertThrows(KeyException.class, () -> keys.fromSecretUri("0x1234".toCharArray())).getMessage()
				.startsWith("a 0x seed is 32 bytes"));
		assertTrue(assertThrows(KeyException.class, () -> keys.fromSecretUri((Keys.DEV_PHRASE + "!").toCharArray())).getMessage()
				.startsWith("not a secret URI"));
	}

	@Test
	public void numericJunctionIsItsLittleEndianU64AndOtherJunctionsTheirScaleString() throws KeyException {
		char[] numeric = "//1".toCharArray();
		byte[] code = SecretUri.chainCode(numeric, 2, 3);
		assertEquals(1, code[0]);
		char[] text = "//a".toCharArray();
		code = SecretUri.chainCode(text, 2, 3);
		assertEquals(4, code[0]);
		assertEquals('a', code[1]);
	}

	@Test
	public void ss58PrefixOutOfRangeOrReservedIsRefused() throws KeyException {
		Ed25519PublicKey key = Ed25519PublicKey.fromHex("0x" + "11".repeat(32));
		assertEquals("an SS58 prefix is 0..16383, not 16384", assertThrows(KeyException.class, () -> keys.ss58Encode(key, 16384)).getMessage());
		assertEquals("an SS58 prefix is 0..16383, not -1", assertThrows(KeyException.class, () -> keys.ss58Encode(key, -1)).getMessage());
		assertEquals("SS58 prefix 46 is reserved", assertThrows(KeyException.class, () -> keys.ss58Encode(key, 46)).getMessage());
	}

	@Test
	public void authorizedKeysLineFromAHexKeyIsCommentedWithItsAddress() throws KeyException {
		try (AccountKey alice = keys.fromSecretUri("//Alice".toCharArray())) {
			KeyReport report = keys.report(alice.publicKey(), 42);
			assertEquals(report.sshPublicKey(), keys.authorizedKeysLine(alice.publicKey().toHex(), 42));
			assertEquals(report.sshPublicKey(), keys.authorizedKeysLine(report.ss58Address(), 0));
			assertTrue(report.sshPublicKey().startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
			assertTrue(report.sshPublicKey().endsWith(" " + report.ss58Address()));
		}
	}

	@Test
	public void reportJsonHasTheDocumentedFieldsOnOneLine() throws KeyException {
		try (AccountKey alice = keys.fromSecretUri("//Alice".toCharArray())) {
			KeyReport r = keys.report(alice.publicKey(), 42);
			assertEquals("{\"publicKey\":\"" + r.publicKey() + "\",\"ss58Address\":\"" + r.ss58Address() + "\",\"sshPublicKey\":\""
					+ r.sshPublicKey() + "\",\"fingerprint\":\"" + r.fingerprint() + "\"}", r.toJson());
			assertTrue(r.toJson("a \"b\"").startsWith("{\"mnemonic\":\"a \\\"b\\\"\",\"publicKey\""));
		}
	}

	@Test
	public void signaturesVerifyWithThePublicKey() throws KeyException {
		try (AccountKey alice = keys.fromSecretUri("//Alice".toCharArray())) {
			byte[] message = "hello".getBytes(StandardCharsets.US_ASCII);
			byte[] signature = alice.sign(message);
			org.bouncycastle.crypto.signers.Ed25519Signer verifier = new org.bouncycastle.crypto.signers.Ed25519Signer();
			verifier.init(false, new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(alice.publicKey().bytes(), 0));
			verifier.update(message, 0, message.length);
			assertTrue(verifier.verifySignature(signature));
		}
	}

	@Test
	public void secretsAreReadWithoutTheTrailingNewlineAndUnreadableFilesSaySo() throws Exception {
		Path file = tmp.newFile("suri").toPath();
		Files.writeString(file, "//Alice\n");
		assertArrayEquals("//Alice".toCharArray(), Secrets.read(file, "secret URI"));
		Files.writeString(file, "pass word\r\n");
		assertArrayEquals("pass word".toCharArray(), Secrets.read(file, "passphrase"));
		assertArrayEquals("x".toCharArray(), Secrets.read(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), "standard input"));

		Path missing = tmp.getRoot().toPath().resolve("missing");
		assertEquals("cannot read passphrase file " + missing + ": no such file",
				assertThrows(KeyException.class, () -> Secrets.read(missing, "passphrase")).getMessage());
		Files.writeString(file, "");
		assertEquals("secret URI file " + file + " is empty", assertThrows(KeyException.class, () -> Secrets.read(file, "secret URI")).getMessage());
		Files.write(file, new byte[] { (byte) 0xff, (byte) 0xfe });
		assertEquals("secret URI file " + file + " is not UTF-8 text", assertThrows(KeyException.class, () -> Secrets.read(file, "secret URI")).getMessage());
		Path directory = tmp.newFolder("dir").toPath();
		assertTrue(assertThrows(KeyException.class, () -> Secrets.read(directory, "secret URI")).getMessage().startsWith("cannot read secret URI file"));
	}

	@Test
	public void privateKeyFileIsNeverOverwritten() throws Exception {
		Path file = tmp.newFile("id").toPath();
		assertEquals("cannot write " + file + ": the file exists (not overwriting a key)",
				assertThrows(KeyException.class, () -> Secrets.writeOwnerOnly(file, new byte[] { 1 })).getMessage());
	}
}
