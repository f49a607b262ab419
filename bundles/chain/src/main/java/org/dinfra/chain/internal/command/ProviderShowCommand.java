package org.dinfra.chain.internal.command;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dinfra.chain.internal.ChainAssignmentSource;
import org.dinfra.chain.internal.ProviderRegistration;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;

/** Shows a provider's registration on chain. */
@Service
@Command(scope = "dinfra", name = "provider-show", description = "Shows a provider's registration on chain: status, offers, capacity, metadata.")
public class ProviderShowCommand implements Action {
	@Reference
	ChainAssignmentSource chain;

	@Reference
	Keys keys;

	@Argument(index = 0, name = "address", description = "The provider's SS58 address (default: this agent's provider)")
	String address;

	@Override
	public Object execute() throws Exception {
		byte[] who;
		String shown;
		if (address == null) {
			who = chain.providerAccount();
			shown = chain.providerAddress();
		} else {
			try {
				who = keys.ss58Decode(address).publicKey().bytes();
			} catch (KeyException e) {
				System.err.println("error: " + e.getMessage());
				return null;
			}
			shown = address;
		}
		Optional<ProviderRegistration.OnChain> p = chain.provider(who);
		if (p.isEmpty()) {
			System.out.println(shown + " is not registered as a provider"
					+ (address == null ? " (dinfra:provider-register registers it)" : ""));
			return null;
		}
		System.out.print(p.get().describe(shown));
		return null;
	}
}
