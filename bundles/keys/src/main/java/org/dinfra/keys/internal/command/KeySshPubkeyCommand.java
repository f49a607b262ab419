package org.dinfra.keys.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dinfra.keys.api.Keys;

/** {@code dinfra:key-ssh-pubkey}: the authorized_keys line of an account, like {@code ./dinfra keys ssh-pubkey}. */
@Service
@Command(scope = "dinfra", name = "key-ssh-pubkey", description = "Prints the authorized_keys line of an ed25519 account given by its SS58 address or 0x public key.")
public class KeySshPubkeyCommand implements Action {
	@Reference
	Keys keys;

	@Argument(index = 0, name = "account", required = true, description = "SS58 address or 0x followed by the 64 hex digits of the public key")
	String account;

	@Option(name = "--ss58-prefix", description = "SS58 prefix of the comment when a 0x public key is given")
	int prefix = Keys.DEFAULT_SS58_PREFIX;

	@Override
	public Object execute() throws Exception {
		System.out.println(keys.authorizedKeysLine(account, prefix));
		return null;
	}
}
