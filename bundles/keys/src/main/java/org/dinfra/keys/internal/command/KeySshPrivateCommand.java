package org.dinfra.keys.internal.command;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;

/** {@code dinfra:key-ssh-private}: the OpenSSH private key of a secret URI, like {@code ./dinfra keys ssh-private}. */
@Service
@Command(scope = "dinfra", name = "key-ssh-private", description = "Writes the OpenSSH private key (openssh-key-v1) of an ed25519 secret URI.")
public class KeySshPrivateCommand implements Action {
	@Reference
	Keys keys;

	@Reference
	Session session;

	@Argument(index = 0, name = "suri", description = "Secret URI <mnemonic or 0x seed>[//hard][///password], - for standard input")
	String suri;

	@Option(name = "--suri-file", description = "Read the secret URI from this file instead")
	String suriFile;

	@Option(name = "--passphrase-file", description = "Encrypt the key (aes256-ctr, bcrypt KDF) with the passphrase in this file")
	String passphraseFile;

	@Option(name = "--out", description = "Write the key to this new file (mode 0600) instead of the console")
	String out;

	@Option(name = "--ss58-prefix", description = "SS58 prefix of the address used as the key's comment")
	int prefix = Keys.DEFAULT_SS58_PREFIX;

	@Override
	public Object execute() throws Exception {
		char[] secret = Secrets.fromArgumentFileOrStdin(suri, CommandPaths.of(session, suriFile), CommandPaths.stdin(session), "secret URI", "--suri-file");
		char[] passphrase = null;
		byte[] file = null;
		try (AccountKey key = keys.fromSecretUri(secret)) {
			Path passphrasePath = CommandPaths.of(session, passphraseFile);
			passphrase = passphrasePath == null ? null : Secrets.read(passphrasePath, "passphrase");
			file = keys.sshPrivateKey(key, keys.ss58Encode(key.publicKey(), prefix), passphrase);
			Path outPath = CommandPaths.of(session, out);
			if (outPath == null) {
				System.out.write(file);
				System.out.flush();
			} else {
				Secrets.writeOwnerOnly(outPath, file);
			}
		} finally {
			Secrets.clear(secret);
			Secrets.clear(passphrase);
			Secrets.clear(file);
		}
		return null;
	}
}
