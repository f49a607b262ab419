package org.dinfra.chain.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.internal.ChainAssignmentSource;

/** Shows where the agent is on the chain. */
@Service
@Command(scope = "dinfra", name = "chain-status",
		description = "Shows the node endpoint, best and finalized block, the agent's checkpoint and lag, and its registration.")
public class ChainStatusCommand implements Action {
	@Reference
	ChainAssignmentSource chain;

	@Override
	public Object execute() throws Exception {
		RpcClient rpc = chain.rpc();
		Map<String, String> details = chain.details();
		row("Endpoint", details.get("endpoint"));
		row("Provider", details.get("provider"));
		if (rpc.endpoint() != null) {
			try {
				long best = Long.decode(rpc.request("chain_getHeader").path("number").asText());
				String finalizedHash = rpc.request("chain_getFinalizedHead").asText();
				long finalized = Long.decode(rpc.request("chain_getHeader", finalizedHash).path("number").asText());
				row("Best", Long.toString(best));
				row("Finalized", finalized + " " + finalizedHash);
			} catch (RpcException e) {
				row("Node", "error: " + e.getMessage());
			}
		}
		row("Checkpoint", details.get("checkpoint"));
		long lag = chain.lag();
		row("Lag", lag < 0 ? "unknown" : lag + " finalized block(s) not processed yet");
		row("In sync", chain.inSync() ? "yes" : "no (deployments keep running; nothing is torn down until the chain is back)");
		row("Registration", details.get("registration"));
		return null;
	}

	private static void row(String name, String value) {
		System.out.println(String.format("%-13s%s", name, value));
	}
}
