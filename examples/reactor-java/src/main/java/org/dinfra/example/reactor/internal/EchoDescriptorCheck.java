package org.dinfra.example.reactor.internal;

import java.util.List;

import org.dinfra.core.api.DescriptorCheck;

/**
 * The default policy of {@code example-echo}, runnable without the agent
 * ({@code ./dinfra descriptor check --type example-echo FILE}); registered in
 * {@code META-INF/services/org.dinfra.core.api.DescriptorCheck}.
 */
public final class EchoDescriptorCheck implements DescriptorCheck {
	@Override
	public String type() {
		return EchoReactor.TYPE;
	}

	@Override
	public List<String> check(String descriptor) {
		return descriptor.contains("forbidden")
				? List.of("/message: the provider does not allow the word 'forbidden'")
				: List.of();
	}
}
