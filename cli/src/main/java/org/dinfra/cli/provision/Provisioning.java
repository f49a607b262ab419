package org.dinfra.cli.provision;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./dinfra agent provision} makes of a distribution: the reactors it serves, other
 * features it boots, the chain it follows as a provider (or none: assignments from the watched
 * directory), and where its status API listens (or nowhere).
 *
 * @param reactors   descriptor type ids ({@code docker-compose}) or feature names
 * @param features   further features to boot ({@code dinfra-status}, {@code dinfra-keys}, ...)
 * @param chain      the chain the agent follows as a provider, or null
 * @param statusBind {@code host:port} of the status API (feature {@code dinfra-status}), or null
 */
public record Provisioning(List<String> reactors, List<String> features, ChainProvider chain, String statusBind) {
	/** Nothing to add: the distribution as it is. */
	public static final Provisioning NOTHING = new Provisioning(List.of(), List.of(), null, null);

	public Provisioning {
		reactors = List.copyOf(reactors);
		features = List.copyOf(features);
	}

	/** @return the same with these reactors added */
	public Provisioning withReactors(String... names) {
		return new Provisioning(plus(reactors, names), features, chain, statusBind);
	}

	/** @return the same with these features added */
	public Provisioning withFeatures(String... names) {
		return new Provisioning(reactors, plus(features, names), chain, statusBind);
	}

	/** @return the same, following that chain */
	public Provisioning onChain(ChainProvider provider) {
		return new Provisioning(reactors, features, provider, statusBind);
	}

	/** @return the same with the status API on {@code host:port} */
	public Provisioning withStatusBind(String hostPort) {
		return new Provisioning(reactors, features, chain, hostPort);
	}

	private static List<String> plus(List<String> list, String... more) {
		List<String> out = new ArrayList<>(list);
		out.addAll(List.of(more));
		return out;
	}
}
