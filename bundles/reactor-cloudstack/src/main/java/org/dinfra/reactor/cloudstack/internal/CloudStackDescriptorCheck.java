package org.dinfra.reactor.cloudstack.internal;

import java.util.List;

import org.dinfra.core.api.DescriptorCheck;

/**
 * The default policy of type {@value CloudStackReactor#TYPE} for {@code ./dinfra descriptor check}:
 * no allow-lists, the default limits of {@link CloudStackReactorConfig}. Registered with
 * {@link java.util.ServiceLoader}.
 */
public final class CloudStackDescriptorCheck implements DescriptorCheck {
	@Override
	public String type() {
		return CloudStackReactor.TYPE;
	}

	@Override
	public List<String> check(String descriptor) {
		try {
			return VmPolicy.defaults().check(VmDescriptor.parse(descriptor));
		} catch (IllegalArgumentException e) {
			return List.of(e.getMessage());
		}
	}
}
