package org.dinfra.keys.api;

import java.util.List;

import org.dinfra.keys.internal.KeysService;

/**
 * The one place where DINFRA handles account keys: Substrate ed25519 accounts and their
 * OpenSSH form, byte-compatible with Substrate ({@code subkey}) and {@code @polkadot/keyring}.
 *
 * <p>Errors are {@link KeyException}s with a one-line message; no method logs secrets.
 * Only ed25519 accounts are supported: sr25519 keys cannot become SSH keys.
 *
 * <p>In OSGi this is a DS service ({@code feature:install dinfra-keys}); in plain Java
 * {@link #standalone()} gives the same implementation.
 */
public interface Keys {
	/** The generic Substrate SS58 prefix (42), used when none is given. */
	int DEFAULT_SS58_PREFIX = 42;

	/** The largest SS58 network prefix (two-byte form). */
	int MAX_SS58_PREFIX = 16383;

	/** The mnemonic lengths BIP39 and Substrate accept. */
	List<Integer> MNEMONIC_WORD_COUNTS = List.of(12, 15, 18, 21, 24);

	/** The well-known Substrate development phrase; {@code //Alice} is this phrase with {@code //Alice}. */
	String DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

	/**
	 * The implementation the DS service registers, for use without OSGi (the {@code ./dinfra}
	 * CLI, tests, tools). It has no state but its randomness (a new {@link java.security.SecureRandom})
	 * and never logs.
	 *
	 * @return a new instance
	 */
	static Keys standalone() {
		return new KeysService();
	}

	/**
	 * @param words 12, 15, 18, 21 or 24
	 * @return a new random English BIP39 mnemonic
	 * @throws KeyException if {@code words} is not one of those
	 */
	Mnemonic generateMnemonic(int words) throws KeyException;

	/**
	 * Checks an English BIP39 mnemonic: word count, every word in the list, checksum.
	 *
	 * @param phrase the words separated by spaces (not modified)
	 * @throws KeyException naming the first problem (by word position, never the word)
	 */
	void validateMnemonic(char[] phrase) throws KeyException;

	/**
	 * Derives the ed25519 key pair of a Substrate secret URI:
	 * {@code <mnemonic or 0x seed>[//hard...][///password]}, where a URI starting with
	 * {@code //} uses {@link #DEV_PHRASE}. The mini-secret comes from the mnemonic's entropy
	 * (Substrate's {@code substrate-bip39}, not the BIP39 seed); junctions are ed25519 hard
	 * derivations ({@code Ed25519HDKD}). Soft junctions ({@code /soft}) are an error: ed25519
	 * has no soft derivation.
	 *
	 * @param suri the secret URI (not modified; clear it yourself)
	 * @return the key pair; close it when done
	 * @throws KeyException if the URI, the mnemonic or the path is invalid
	 */
	AccountKey fromSecretUri(char[] suri) throws KeyException;

	/**
	 * @param publicKey the account's public key
	 * @param prefix    the network prefix, 0..16383 except the reserved 46 and 47
	 * @return the SS58 address
	 * @throws KeyException if the prefix is out of range or reserved
	 */
	String ss58Encode(Ed25519PublicKey publicKey, int prefix) throws KeyException;

	/**
	 * @param address an SS58 address of a 32-byte account, any prefix
	 * @return its prefix and public key, the checksum verified
	 * @throws KeyException if it is not base58, has the wrong length or a bad checksum
	 */
	Ss58Address ss58Decode(String address) throws KeyException;

	/**
	 * @param ss58OrHex an SS58 address or {@code 0x} and 64 hex digits
	 * @return the public key
	 * @throws KeyException if it is neither
	 */
	Ed25519PublicKey parsePublicKey(String ss58OrHex) throws KeyException;

	/**
	 * @param publicKey the account's public key
	 * @param comment   the comment after the key, usually the SS58 address; empty for none
	 * @return the OpenSSH public key line {@code ssh-ed25519 AAAA... comment}
	 */
	String sshPublicKey(Ed25519PublicKey publicKey, String comment);

	/**
	 * @param publicKey the account's public key
	 * @return the OpenSSH fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and
	 *         unpadded base64 of the SHA-256 of the key blob
	 */
	String sshFingerprint(Ed25519PublicKey publicKey);

	/**
	 * The authorized_keys line for an account known only by its address or public key: what a
	 * provider puts on the VM so that the account's holder can log in.
	 *
	 * @param ss58OrHex an SS58 address or {@code 0x} and 64 hex digits
	 * @param prefix    the SS58 prefix of the comment when a hex key is given (an address keeps its own)
	 * @return {@code ssh-ed25519 AAAA... <ss58 address>}
	 * @throws KeyException if the input is neither an address nor a hex key
	 */
	String authorizedKeysLine(String ss58OrHex, int prefix) throws KeyException;

	/**
	 * The OpenSSH private key file (openssh-key-v1, as {@code ssh-keygen} writes it) of an
	 * account key.
	 *
	 * @param key        the key pair
	 * @param comment    the key's comment, usually the SS58 address
	 * @param passphrase null or empty for an unencrypted file; otherwise the file is encrypted
	 *                   with aes256-ctr under a bcrypt_pbkdf key (16 rounds), as OpenSSH does
	 *                   (not modified)
	 * @return the PEM-armoured file content; clear it when done
	 */
	byte[] sshPrivateKey(AccountKey key, String comment, char[] passphrase);

	/**
	 * @param publicKey the account's public key
	 * @param prefix    the SS58 prefix for the address
	 * @return the public key, SS58 address, OpenSSH public key line (commented with the
	 *         address) and fingerprint
	 * @throws KeyException if the prefix is out of range or reserved
	 */
	KeyReport report(Ed25519PublicKey publicKey, int prefix) throws KeyException;
}
