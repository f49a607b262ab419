package org.dinfra.cli.keys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import picocli.CommandLine;

/**
 * {@code ./dinfra keys}: outputs, exit codes, one-line errors. Expected keys and addresses are
 * taken from bundles/keys/src/test/resources/vectors/polkadot-ed25519.json (made by @polkadot/keyring).
 */
public class KeysCommandTest {
	// polkadot-ed25519.json: "//Alice", prefix 2, and the first mnemonic case, prefix 0
	private static final String ALICE_PUBLIC = "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee";
	private static final String ALICE_KUSAMA = "FfmSiZNJP72xtSaXiP2iUhBwWeMEvmjPrxY2ViVkWaeChDC";
	private static final String MNEMONIC = "awkward salon warrior cheap juice island pear close special hover shaft leopard";
	private static final String MNEMONIC_PUBLIC = "0xe9c66d34f09bc9817c6912e581e23632cd933c3257cedea4ee836aed48be3d8c";
	private static final String MNEMONIC_POLKADOT = "16HX6vco9MCXaxVa7UFAm6zxKRYgAYHzo7YnXfjdibhnbpCa";

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private record Run(int exit, String out, String err) {
	}

	private Run runWithStdin(String stdin, String... args) {
		KeysCommand keys = new KeysCommand();
		keys.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = new CommandLine(keys).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
		return new Run(exit, out.toString(), err.toString());
	}

	private Run run(String... args) {
		return runWithStdin("", args);
	}

	private static void assertOneLineError(Run run, String message) {
		assertEquals(run.err(), 1, run.exit());
		assertEquals("", run.out());
		assertEquals("error: " + message + System.lineSeparator(), run.err());
	}

	@Test
	public void inspectPrintsTheDocumentedJson() {
		Run run = run("inspect", "//Alice", "--ss58-prefix", "2", "--json");
		assertEquals(run.err(), 0, run.exit());
		String json = run.out().strip();
		assertTrue(json, json.startsWith("{\"publicKey\":\"" + ALICE_PUBLIC + "\",\"ss58Address\":\"" + ALICE_KUSAMA
				+ "\",\"sshPublicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
		assertTrue(json, json.matches(".*\"sshPublicKey\":\"ssh-ed25519 \\S+ " + ALICE_KUSAMA + "\",\"fingerprint\":\"SHA256:[A-Za-z0-9+/]{43}\"}"));
	}

	@Test
	public void inspectReadsTheSecretUriFromStandardInputOrAFile() throws Exception {
		Run stdin = runWithStdin(MNEMONIC + "\n", "inspect", "-", "--ss58-prefix", "0");
		assertEquals(stdin.err(), 0, stdin.exit());
		assertTrue(stdin.out(), stdin.out().contains(MNEMONIC_PUBLIC));
		assertTrue(stdin.out(), stdin.out().contains(MNEMONIC_POLKADOT));

		Path file = tmp.newFile().toPath();
		Files.writeString(file, MNEMONIC + "\n");
		Run fromFile = run("inspect", "--suri-file", file.toString(), "--ss58-prefix", "0");
		assertEquals(stdin.out(), fromFile.out());
	}

	@Test
	public void sshPubkeyOfAnAddressAndOfItsPublicKeyAreTheSameLine() {
		Run fromAddress = run("ssh-pubkey", MNEMONIC_POLKADOT);
		Run fromKey = run("ssh-pubkey", MNEMONIC_PUBLIC, "--ss58-prefix", "0");
		assertEquals(fromAddress.err(), 0, fromAddress.exit());
		assertTrue(fromAddress.out(), fromAddress.out().matches("ssh-ed25519 AAAA\\S+ " + MNEMONIC_POLKADOT + "\\R"));
		assertEquals(fromAddress.out(), fromKey.out());
	}

	@Test
	public void sshPrivateGoesToStandardOutputOrToAnOwnerOnlyFile() throws Exception {
		Run stdout = run("ssh-private", "//Alice");
		assertEquals(stdout.err(), 0, stdout.exit());
		assertTrue(stdout.out().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
		assertTrue(stdout.out().endsWith("-----END OPENSSH PRIVATE KEY-----\n"));

		Path passphrase = tmp.newFile().toPath();
		Files.writeString(passphrase, "correct horse\n");
		Path key = tmp.getRoot().toPath().resolve("id_alice");
		Run file = run("ssh-private", "//Alice", "--passphrase-file", passphrase.toString(), "--out", key.toString());
		assertEquals(file.err(), 0, file.exit());
		assertEquals("", file.out());
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
		assertTrue(Files.readString(key).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));

		assertOneLineError(run("ssh-private", "//Alice", "--out", key.toString()), "cannot write " + key + ": the file exists (not overwriting a key)");
	}

	@Test
	public void generateMakesAMnemonicThatInspectAgreesWith() {
		Run generated = run("generate", "--words", "18", "--ss58-prefix", "0", "--json");
		assertEquals(generated.err(), 0, generated.exit());
		String json = generated.out().strip();
		String mnemonic = json.substring("{\"mnemonic\":\"".length(), json.indexOf("\",\"publicKey\""));
		assertEquals(18, mnemonic.split(" ").length);
		Run inspected = run("inspect", mnemonic, "--ss58-prefix", "0", "--json");
		assertEquals("{" + json.substring(json.indexOf("\"publicKey\"")), inspected.out().strip());
	}

	@Test
	public void badInputIsOneLineAndExitCodeOne() {
		assertOneLineError(run("inspect", MNEMONIC.replace("pear", "peer")), "word 7 of the mnemonic is not in the BIP39 English word list");
		assertOneLineError(run("inspect", MNEMONIC.replace("leopard", "lemon")), "the mnemonic's checksum does not match: a word is wrong or out of place");
		assertOneLineError(run("inspect", "//Alice/stash"), "soft derivation (/name) does not exist for ed25519 keys: use a hard junction (//name)");
		String badChecksum = MNEMONIC_POLKADOT.substring(0, MNEMONIC_POLKADOT.length() - 1) + "b";
		assertOneLineError(run("ssh-pubkey", badChecksum), "SS58 checksum mismatch in " + badChecksum + ": the address is mistyped or corrupt");
		Run shortAddress = run("ssh-pubkey", MNEMONIC_POLKADOT.substring(0, 40));
		assertEquals(1, shortAddress.exit());
		assertTrue(shortAddress.err(), shortAddress.err().startsWith("error: not an SS58 account address: "));
		assertOneLineError(run("generate", "--words", "13"), "a mnemonic has 12, 15, 18, 21 or 24 words, not 13");
		assertOneLineError(run("inspect", "//Alice", "--ss58-prefix", "16384"), "an SS58 prefix is 0..16383, not 16384");
	}

	@Test
	public void unreadableFilesAreOneLineAndExitCodeOne() throws Exception {
		Path missing = tmp.getRoot().toPath().resolve("missing");
		assertOneLineError(run("inspect", "--suri-file", missing.toString()), "cannot read secret URI file " + missing + ": no such file");
		assertOneLineError(run("ssh-private", "//Alice", "--passphrase-file", missing.toString()), "cannot read passphrase file " + missing + ": no such file");
		Path empty = tmp.newFile().toPath();
		assertOneLineError(run("ssh-private", "//Alice", "--passphrase-file", empty.toString()), "passphrase file " + empty + " is empty");
		assertOneLineError(run("inspect"), "give the secret URI as an argument, as - to read it from standard input, or with --suri-file FILE");
		assertOneLineError(run("inspect", "-"), "secret URI on standard input is empty");
	}

	@Test
	public void usageErrorsExitWithTwo() {
		assertEquals(2, run("inspect", "//Alice", "--no-such-option").exit());
		assertEquals(2, run("generate", "--words", "many").exit());
		assertEquals(2, run("ssh-pubkey").exit());
		assertEquals(2, run().exit());
	}

	@Test
	public void helpDocumentsTheCommandsAndTheSr25519Limitation() {
		Run help = run("--help");
		assertEquals(0, help.exit());
		for (String text : new String[] { "generate", "inspect", "ssh-pubkey", "ssh-private", "sr25519", "cannot become an SSH key", "Exit codes" }) {
			assertTrue(text + " in\n" + help.out(), help.out().contains(text));
		}
	}
}
