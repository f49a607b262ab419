package org.dinfra.example.reactor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The example reactor's configuration ({@code etc/org.dinfra.example.reactor.cfg}). */
@ObjectClassDefinition(name = "DINFRA example reactor (example-echo)")
public @interface EchoReactorConfig {
	@AttributeDefinition(name = "State directory", description = "Where deployments are kept, one file each. "
			+ "Empty: ${karaf.data}/dinfra-example-reactor")
	String stateDir() default "";

	@AttributeDefinition(name = "Forbidden word", description = "Messages containing it are refused by policy. "
			+ "Empty: allow all.")
	String forbiddenWord() default "forbidden";
}
