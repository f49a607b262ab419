package org.dinfra.reactor.cloudstack.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the CloudStack reactor (PID {@value CloudStackReactor#PID}). */
@ObjectClassDefinition(name = "DINFRA CloudStack reactor",
		description = "Serves cloudstack-vm deployments as virtual machines on an Apache CloudStack cloud.")
public @interface CloudStackReactorConfig {
	@AttributeDefinition(name = "API endpoint",
			description = "The CloudStack API URL, e.g. https://cloud.example.com/client/api. Empty: the reactor does not start.")
	String endpoint() default "";

	@AttributeDefinition(name = "API key", description = "The API key of the CloudStack account the VMs are created in.")
	String apiKey() default "";

	@AttributeDefinition(name = "Secret key", type = AttributeType.PASSWORD,
			description = "The secret key of that account; signs every request and is never sent.")
	String secretKey() default "";

	@AttributeDefinition(name = "Provider id",
			description = "Written to the tag dinfra:provider of every VM and volume; the inventory lists the VMs with this tag. "
					+ "Give each agent sharing a CloudStack account its own id.")
	String providerId() default "dinfra";

	@AttributeDefinition(name = "Signature version 3",
			description = "Send signatureversion=3 with an expires time (CloudStack 4.x+ rejects such a request after it expires).")
	boolean signatureVersion3() default false;

	@AttributeDefinition(name = "Request validity (s)", description = "With signature version 3: how long a signed request is valid.")
	int expiresSeconds() default 600;

	@AttributeDefinition(name = "HTTP timeout (s)", description = "Connect and read timeout of one API request.")
	int httpTimeoutSeconds() default 30;

	@AttributeDefinition(name = "Async job poll interval (ms)", description = "Pause between two queryAsyncJobResult calls.")
	long pollIntervalMs() default 2000;

	@AttributeDefinition(name = "Async job timeout (s)",
			description = "How long an async job (deploy, destroy, volumes, tags) may take before the operation is retried.")
	int asyncJobTimeoutSeconds() default 900;

	@AttributeDefinition(name = "Running timeout (s)", description = "How long a deployed VM may take to reach the Running state.")
	int runningTimeoutSeconds() default 600;

	@AttributeDefinition(name = "Page size", description = "pagesize of list calls.")
	int pageSize() default 500;

	@AttributeDefinition(name = "Expunge",
			description = "Destroy VMs with expunge=true (the account needs the right to expunge; otherwise CloudStack expunges them later).")
	boolean expunge() default true;

	@AttributeDefinition(name = "SSH port", description = "The port of the ssh:// endpoints reported for a VM.")
	int sshPort() default 22;

	@AttributeDefinition(name = "Allowed zones", description = "Names or UUIDs; empty allows every zone.")
	String[] allowedZones() default {};

	@AttributeDefinition(name = "Allowed service offerings", description = "Names or UUIDs; empty allows every offering.")
	String[] allowedServiceOfferings() default {};

	@AttributeDefinition(name = "Allowed templates", description = "Names or UUIDs; empty allows every executable template.")
	String[] allowedTemplates() default {};

	@AttributeDefinition(name = "Allowed disk offerings", description = "Names or UUIDs of offerings for data disks; empty allows all.")
	String[] allowedDiskOfferings() default {};

	@AttributeDefinition(name = "Allowed networks", description = "Names or UUIDs; empty allows every network the account can use.")
	String[] allowedNetworks() default {};

	@AttributeDefinition(name = "Allowed affinity groups", description = "Names or UUIDs; empty allows every affinity group of the account.")
	String[] allowedAffinityGroups() default {};

	@AttributeDefinition(name = "Largest root disk (GB)", description = "0: no limit.")
	int maxRootDiskGb() default VmPolicy.DEFAULT_MAX_ROOT_DISK_GB;

	@AttributeDefinition(name = "Most data disks", description = "Data disks per VM.")
	int maxDataDisks() default VmPolicy.DEFAULT_MAX_DATA_DISKS;

	@AttributeDefinition(name = "Largest data disk (GB)", description = "0: no limit.")
	int maxDataDiskGb() default VmPolicy.DEFAULT_MAX_DATA_DISK_GB;

	@AttributeDefinition(name = "Largest user data (bytes)",
			description = "Counted Base64-encoded, as CloudStack receives it; CloudStack accepts 32768 by POST in every version.")
	int maxUserDataBytes() default VmPolicy.DEFAULT_MAX_USER_DATA;
}
