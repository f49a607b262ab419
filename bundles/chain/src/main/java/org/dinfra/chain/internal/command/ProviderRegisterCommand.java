package org.dinfra.chain.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dinfra.chain.internal.ChainAssignmentSource;
import org.dinfra.chain.internal.ProviderRegistration;

/** Registers or updates this agent's provider now. */
@Service
@Command(scope = "dinfra", name = "provider-register",
		description = "Registers this agent's provider on chain, or updates it, from the installed reactors and etc/org.dinfra.chain.cfg.")
public class ProviderRegisterCommand implements Action {
	@Reference
	ChainAssignmentSource chain;

	@Option(name = "--dry-run", description = "Show what would be sent, send nothing")
	boolean dryRun;

	@Override
	public Object execute() throws Exception {
		ProviderRegistration.Plan plan = chain.registrationPlan();
		plan.notes().forEach(n -> System.out.println("note: " + n));
		if (dryRun) {
			System.out.println(plan.describe());
			return null;
		}
		try {
			List<String> done = chain.registerNow();
			if (done.isEmpty()) {
				System.out.println("The registration on chain is up to date.");
			}
			done.forEach(System.out::println);
		} catch (Exception e) {
			System.err.println("error: " + e.getMessage());
		}
		return null;
	}
}
