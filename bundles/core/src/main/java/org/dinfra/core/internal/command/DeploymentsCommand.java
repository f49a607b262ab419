package org.dinfra.core.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.Deployments;

/** Lists the deployments this agent knows, with state and reason. */
@Service
@Command(scope = "dinfra", name = "deployments", description = "Lists deployments with their state and reason.")
public class DeploymentsCommand implements Action {
	@Reference
	Deployments deployments;

	@Option(name = "--no-format", description = "Disable table rendered output")
	boolean noFormat;

	@Override
	public Object execute() {
		ShellTable table = new ShellTable();
		table.column("Id");
		table.column("Type");
		table.column("State");
		table.column("Reactor");
		table.column("Reason");
		for (Deployment d : deployments.list()) {
			table.addRow().addContent(Long.toUnsignedString(d.id()), d.type(), d.state(),
					d.reactorAvailable() ? "available" : "unavailable",
					d.reason() == null ? "" : d.reason().code() + ": " + d.reason().message());
		}
		table.print(System.out, !noFormat);
		return null;
	}
}
