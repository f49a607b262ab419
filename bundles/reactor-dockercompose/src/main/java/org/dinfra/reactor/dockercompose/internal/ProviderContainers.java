package org.dinfra.reactor.dockercompose.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The containers of this provider on the engine: those labelled with its provider id. */
final class ProviderContainers {
	/** Longest a listing call ({@code docker ps}, {@code network ls}, {@code volume ls}) may take. */
	static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);

	private final ComposeCli cli;
	private final String providerId;

	ProviderContainers(ComposeCli cli, String providerId) {
		this.cli = cli;
		this.providerId = providerId;
	}

	/** @return the containers of one deployment, running or not */
	List<Container> of(long id) throws IOException {
		return list("--filter", "label=" + ComposeFile.LABEL_SUBSCRIPTION + "=" + Long.toUnsignedString(id));
	}

	/** @return the containers of every deployment, running or not */
	List<Container> all() throws IOException {
		return list();
	}

	private List<Container> list(String... filters) throws IOException {
		List<String> args = new ArrayList<>(List.of("ps", "-a", "--filter", "label=" + ComposeFile.LABEL_PROVIDER + "=" + providerId));
		args.addAll(List.of(filters));
		args.addAll(List.of("--format", Container.FORMAT));
		ComposeCli.Result ps = cli.docker(LIST_TIMEOUT, null, args.toArray(String[]::new));
		if (!ps.ok()) {
			throw new IOException("docker ps failed: " + ps.tail());
		}
		return Container.parse(ps.output());
	}
}
