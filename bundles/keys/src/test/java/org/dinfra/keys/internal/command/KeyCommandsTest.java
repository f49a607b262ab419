package org.dinfra.keys.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.internal.KeysService;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The Karaf commands print what the service reports, through the shared formatter. */
public class KeyCommandsTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Keys keys = new KeysService();
	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private PrintStream stdout;

	@Before
	public void captureOutput() {
		stdout = System.out;
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
	}

	@After
	public void restoreOutput() {
		System.setOut(stdout);
	}

	private KeyReport alice(int prefix) throws KeyException {
		try (AccountKey key = keys.fromSecretUri("//Alice".toCharArray())) {
			return keys.report(key.publicKey(), prefix);
		}
	}

	@Test
	public void inspectPrintsTheReportAsJson() throws Exception {
		KeyInspectCommand command = new KeyInspectCommand();
		command.keys = keys;
		command.suri = "//Alice";
		command.prefix = 0;
		command.json = true;
		command.execute();
		assertEquals(alice(0).toJson() + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
	}

	@Test
	public void inspectReadsTheSecretUriFromAFile() throws Exception {
		Path file = tmp.newFile().toPath();
		Files.writeString(file, "//Alice\n");
		KeyInspectCommand command = new KeyInspectCommand();
		command.keys = keys;
		command.suriFile = file.toString();
		command.execute();
		assertEquals(alice(42).toText() + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
	}

	@Test
	public void sshPubkeyPrintsTheAuthorizedKeysLineOfAnAddress() throws Exception {
		KeySshPubkeyCommand command = new KeySshPubkeyCommand();
		command.keys = keys;
		command.account = alice(2).ss58Address();
		command.execute();
		assertEquals(alice(2).sshPublicKey() + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
	}

	@Test
	public void sshPrivateWritesAnOwnerOnlyFile() throws Exception {
		Path file = tmp.getRoot().toPath().resolve("id_ed25519");
		KeySshPrivateCommand command = new KeySshPrivateCommand();
		command.keys = keys;
		command.suri = "//Alice";
		command.out = file.toString();
		command.execute();
		assertEquals("", out.toString(StandardCharsets.UTF_8));
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
		assertTrue(Files.readString(file).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
	}

	@Test
	public void generatePrintsTheMnemonicFirst() throws Exception {
		KeyGenerateCommand command = new KeyGenerateCommand();
		command.keys = keys;
		command.words = 24;
		command.json = true;
		command.execute();
		String json = out.toString(StandardCharsets.UTF_8);
		assertTrue(json, json.startsWith("{\"mnemonic\":\""));
		String mnemonic = json.substring(13, json.indexOf('"', 13));
		assertEquals(24, mnemonic.split(" ").length);
		try (AccountKey key = keys.fromSecretUri(mnemonic.toCharArray())) {
			assertTrue(json.endsWith(keys.report(key.publicKey(), 42).toJson().substring(1) + System.lineSeparator()));
		}
	}
}
