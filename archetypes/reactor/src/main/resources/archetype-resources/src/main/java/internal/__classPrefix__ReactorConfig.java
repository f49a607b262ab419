package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of {@link ${classPrefix}Reactor}: {@code etc/${package}.cfg}. */
@ObjectClassDefinition(name = "DINFRA reactor ${reactorType}", description = "Serves descriptor type ${reactorType}.")
public @interface ${classPrefix}ReactorConfig {
	@AttributeDefinition(name = "State directory",
			description = "Where deployments are kept, one file each. Empty: dinfra/${reactorType} in Karaf's data directory.")
	String stateDir() default "";
}
