package org.dinfra.reactor.dockercompose.internal;

import java.util.List;

import org.dinfra.core.api.DescriptorCheck;

/**
 * The docker-compose policy with default settings, for {@code ./dinfra descriptor check}
 * (registered with {@link java.util.ServiceLoader}). A provider's agent applies the same rules
 * with its own configuration.
 */
public final class DefaultComposeCheck implements DescriptorCheck {
	private final ComposePolicy policy = new ComposePolicy(ComposePolicy.Settings.defaults());

	@Override
	public String type() {
		return ComposeSchema.TYPE;
	}

	@Override
	public List<String> check(String descriptor) {
		try {
			return policy.check(ComposeFile.parse(descriptor));
		} catch (IllegalArgumentException e) {
			return List.of("/: " + e.getMessage());
		}
	}
}
