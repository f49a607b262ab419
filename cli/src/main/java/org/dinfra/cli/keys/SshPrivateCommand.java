package org.dinfra.cli.keys;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dinfra keys ssh-private}. */
@Command(name = "ssh-private",
		description = "Writes the OpenSSH private key (openssh-key-v1) of an ed25519 secret URI, to standard output or to a new file with mode 0600.")
class SshPrivateCommand extends KeysSubcommand {
	@Parameters(index = "0", arity = "0..1", paramLabel = "SURI", description = "Secret URI <mnemonic or 0x seed>[//hard][///password]; - to read it from standard input")
	String suri;

	@Option(names = "--suri-file", paramLabel = "FILE", description = "Read the secret URI from FILE instead")
	Path suriFile;

	@Option(names = "--passphrase-file", paramLabel = "FILE", description = "Encrypt the key with the passphrase in FILE (aes256-ctr with bcrypt KDF, as ssh-keygen does)")
	Path passphraseFile;

	@Option(names = "--out", paramLabel = "FILE", description = "Write the key to FILE, created with mode 0600 (never overwritten), instead of standard output")
	Path outFile;

	@Option(names = "--ss58-prefix", paramLabel = "P", defaultValue = "" + Keys.DEFAULT_SS58_PREFIX, description = "SS58 prefix of the address used as the key's comment (default ${DEFAULT-VALUE})")
	int prefix;

	@Override
	void run(PrintWriter out) throws KeyException {
		char[] secret = Secrets.fromArgumentFileOrStdin(suri, suriFile, parent.stdin, "secret URI", "--suri-file");
		char[] passphrase = null;
		byte[] file = null;
		try (AccountKey key = parent.keys.fromSecretUri(secret)) {
			passphrase = passphraseFile == null ? null : Secrets.read(passphraseFile, "passphrase");
			file = parent.keys.sshPrivateKey(key, parent.keys.ss58Encode(key.publicKey(), prefix), passphrase);
			if (outFile == null) {
				// the armoured key is ASCII: written char by char, it never becomes a String
				for (byte b : file) {
					out.write(b);
				}
			} else {
				Secrets.writeOwnerOnly(outFile, file);
			}
		} finally {
			Secrets.clear(secret);
			Secrets.clear(passphrase);
			Secrets.clear(file);
		}
	}
}
