package org.dinfra.keys.internal;

import java.security.SecureRandom;
import java.util.Objects;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Mnemonic;
import org.dinfra.keys.api.Secrets;
import org.dinfra.keys.api.Ss58Address;

/**
 * The {@link Keys} implementation, plain Java: outside OSGi (the {@code ./dinfra} CLI) it is
 * {@link Keys#standalone()}; in OSGi {@link KeysComponent} registers it. It never logs:
 * everything it touches may be secret.
 */
public class KeysService implements Keys {
	private final SecureRandom random;

	/** A service drawing its randomness from a new {@link SecureRandom}. */
	public KeysService() {
		this(new SecureRandom());
	}

	/** @param random the randomness for mnemonics, OpenSSH check words and salts */
	public KeysService(SecureRandom random) {
		this.random = Objects.requireNonNull(random, "random");
	}

	@Override
	public Mnemonic generateMnemonic(int words) throws KeyException {
		return Bip39.generate(words, random);
	}

	@Override
	public void validateMnemonic(char[] phrase) throws KeyException {
		Secrets.clear(Bip39.toEntropy(phrase, 0, phrase.length));
	}

	@Override
	public AccountKey fromSecretUri(char[] suri) throws KeyException {
		if (suri.length == 0 || isBlank(suri)) {
			throw new KeyException("the secret URI is empty; expected " + SecretUri.FORMAT);
		}
		return SubstrateEd25519.fromSecretUri(suri);
	}

	@Override
	public String ss58Encode(Ed25519PublicKey publicKey, int prefix) throws KeyException {
		return Ss58.encode(publicKey, prefix);
	}

	@Override
	public Ss58Address ss58Decode(String address) throws KeyException {
		return Ss58.decode(address.strip());
	}

	@Override
	public Ed25519PublicKey parsePublicKey(String ss58OrHex) throws KeyException {
		String text = ss58OrHex.strip();
		if (text.startsWith("0x") || text.startsWith("0X")) {
			return Ed25519PublicKey.fromHex(text);
		}
		return Ss58.decode(text).publicKey();
	}

	@Override
	public String sshPublicKey(Ed25519PublicKey publicKey, String comment) {
		return OpenSsh.publicLine(publicKey, comment);
	}

	@Override
	public String sshFingerprint(Ed25519PublicKey publicKey) {
		return OpenSsh.fingerprint(publicKey);
	}

	@Override
	public String authorizedKeysLine(String ss58OrHex, int prefix) throws KeyException {
		String text = ss58OrHex.strip();
		if (text.startsWith("0x") || text.startsWith("0X")) {
			Ed25519PublicKey key = Ed25519PublicKey.fromHex(text);
			return OpenSsh.publicLine(key, Ss58.encode(key, prefix));
		}
		Ss58Address address = Ss58.decode(text);
		return OpenSsh.publicLine(address.publicKey(), address.address());
	}

	@Override
	public byte[] sshPrivateKey(AccountKey key, String comment, char[] passphrase) {
		return OpenSsh.privateKeyFile(key, comment, passphrase, random);
	}

	@Override
	public KeyReport report(Ed25519PublicKey publicKey, int prefix) throws KeyException {
		String address = Ss58.encode(publicKey, prefix);
		return new KeyReport(publicKey.toHex(), address, OpenSsh.publicLine(publicKey, address), OpenSsh.fingerprint(publicKey));
	}

	private static boolean isBlank(char[] chars) {
		for (char c : chars) {
			if (!Character.isWhitespace(c)) {
				return false;
			}
		}
		return true;
	}
}
