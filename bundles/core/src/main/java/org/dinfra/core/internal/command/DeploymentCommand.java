package org.dinfra.core.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dinfra.core.api.Deployment;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.Endpoint;

/** Shows one deployment in full. */
@Service
@Command(scope = "dinfra", name = "deployment", description = "Shows one deployment: state, reason with every finding, endpoints.")
public class DeploymentCommand implements Action {
	@Reference
	Deployments deployments;

	@Argument(index = 0, name = "id", description = "The deployment (subscription) id", required = true)
	String id;

	@Override
	public Object execute() {
		long parsed;
		try {
			parsed = Long.parseUnsignedLong(id);
		} catch (NumberFormatException e) {
			System.err.println("error: not a deployment id: " + id);
			return null;
		}
		Deployment d = deployments.get(parsed).orElse(null);
		if (d == null) {
			System.err.println("error: no deployment " + id);
			return null;
		}
		System.out.println("Id         " + Long.toUnsignedString(d.id()));
		System.out.println("Type       " + d.type());
		System.out.println("Descriptor " + d.descriptor());
		System.out.println("Consumer   " + d.consumer());
		System.out.println("State      " + d.state());
		System.out.println("Reactor    " + (d.reactorAvailable() ? "available" : "unavailable"));
		System.out.println("Updated    " + d.updated());
		if (d.reason() != null) {
			System.out.println("Reason     " + d.reason().code() + " (" + d.reason().code().code() + "): " + d.reason().message());
			d.reason().details().forEach(x -> System.out.println("           - " + x));
		}
		for (Endpoint e : d.endpoints()) {
			System.out.println("Endpoint   " + e.name() + " " + e.uri());
		}
		return null;
	}
}
