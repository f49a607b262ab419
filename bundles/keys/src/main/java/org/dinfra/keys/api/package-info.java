/**
 * Account keys of DINFRA: Substrate ed25519 accounts and their OpenSSH form.
 *
 * <p>{@link org.dinfra.keys.api.Keys} is the service (and, without OSGi,
 * {@link org.dinfra.keys.api.Keys#standalone()}): BIP39 mnemonics, Substrate secret URIs
 * ({@code <mnemonic or 0x seed>[//hard][///password]}, {@code //Alice} for the dev phrase),
 * ed25519 key pairs with hard derivation, SS58 addresses with any network prefix, and the
 * OpenSSH public key line, fingerprint, authorized_keys line and openssh-key-v1 private key
 * file of an account. Everything is byte-compatible with Substrate and {@code @polkadot/keyring}.
 *
 * <p>Only ed25519 accounts convert: an sr25519 (schnorrkel) key is not an ed25519 key and no
 * OpenSSH key can be derived from it. Use an ed25519 account for DINFRA.
 *
 * <p>Secrets travel as {@code char[]} and {@code byte[]} so that they can be cleared:
 * {@link org.dinfra.keys.api.Mnemonic} and {@link org.dinfra.keys.api.AccountKey} are
 * {@link java.lang.AutoCloseable} and clear themselves on close.
 */
@Export
@Version("1.2.0")
package org.dinfra.keys.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
