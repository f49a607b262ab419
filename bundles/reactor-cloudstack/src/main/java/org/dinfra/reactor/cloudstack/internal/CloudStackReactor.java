package org.dinfra.reactor.cloudstack.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.KeyedLocks;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Ss58Address;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactor of descriptor type {@value #TYPE}: one Apache CloudStack VM per deployment, with the
 * descriptor's cloud-init user data, logged into with the SSH key of the consumer's ed25519
 * account (derived from the consumer's SS58 address by the keys bundle: no secret is needed).
 */
@Component(service = Reactor.class, configurationPid = CloudStackReactor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
		property = {Reactor.TYPE + "=" + CloudStackReactor.TYPE, Reactor.TYPE_VERSION + ":Integer=1"})
@Designate(ocd = CloudStackReactorConfig.class)
public final class CloudStackReactor implements Reactor {
	/** The configuration PID, also the name of the .cfg file. */
	public static final String PID = "org.dinfra.reactor.cloudstack";
	/** The descriptor type served. */
	public static final String TYPE = "cloudstack-vm";

	private static final Logger LOG = LoggerFactory.getLogger(CloudStackReactor.class);

	private final Keys keys;
	private final VmPolicy policy;
	private final CloudStackClient client;
	private final VmLifecycle lifecycle;
	private final String schema;
	/** One lock per deployment: concurrent calls for one id give one VM, the later call adopting it. */
	private final KeyedLocks<Long> locks = new KeyedLocks<>();

	/**
	 * @param keys   the account-key service (SS58 addresses to SSH keys)
	 * @param config the provider's configuration
	 */
	@Activate
	public CloudStackReactor(@Reference Keys keys, CloudStackReactorConfig config) {
		this(keys, config, Clock.systemUTC());
	}

	CloudStackReactor(Keys keys, CloudStackReactorConfig config, Clock clock) {
		if (config.endpoint().isBlank() || config.apiKey().isBlank() || config.secretKey().isBlank()) {
			throw new IllegalArgumentException("set endpoint, apiKey and secretKey in etc/" + PID
					+ ".cfg: the cloudstack-vm type is not served until then");
		}
		if (config.providerId().isBlank()) {
			throw new IllegalArgumentException("providerId in etc/" + PID + ".cfg must not be empty");
		}
		this.keys = keys;
		this.policy = policy(config);
		this.schema = loadSchema();
		this.client = new CloudStackClient(new CloudStackClient.Settings(URI.create(config.endpoint().strip()),
				config.apiKey().strip(), config.secretKey().strip(), config.signatureVersion3(),
				Duration.ofSeconds(config.expiresSeconds()), Duration.ofSeconds(config.httpTimeoutSeconds()),
				Duration.ofMillis(config.pollIntervalMs()), Duration.ofSeconds(config.asyncJobTimeoutSeconds()),
				config.pageSize()), clock);
		this.lifecycle = new VmLifecycle(client, config.providerId().strip(), policy, config.expunge(),
				Duration.ofSeconds(config.runningTimeoutSeconds()), config.sshPort(), clock);
		LOG.info("CloudStack reactor serving '{}' at {} as provider '{}'", TYPE, config.endpoint(), config.providerId());
	}

	static VmPolicy policy(CloudStackReactorConfig c) {
		return new VmPolicy(VmPolicy.split(c.allowedZones()), VmPolicy.split(c.allowedServiceOfferings()),
				VmPolicy.split(c.allowedTemplates()), VmPolicy.split(c.allowedDiskOfferings()),
				VmPolicy.split(c.allowedNetworks()), VmPolicy.split(c.allowedAffinityGroups()), c.maxRootDiskGb(),
				c.maxDataDisks(), c.maxDataDiskGb(), c.maxUserDataBytes());
	}

	static String loadSchema() {
		try (InputStream in = CloudStackReactor.class.getClassLoader().getResourceAsStream(String.format(SCHEMA_RESOURCE, TYPE))) {
			if (in == null) {
				throw new IllegalStateException("schema resource missing: " + String.format(SCHEMA_RESOURCE, TYPE));
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Stops waiting calls and releases connections. */
	@Deactivate
	void deactivate() {
		client.close();
	}

	@Override
	public String schema() {
		return schema;
	}

	@Override
	public List<String> check(DeploymentRequest request) {
		try {
			return policy.check(VmDescriptor.parse(request.descriptor()));
		} catch (IllegalArgumentException e) {
			return List.of(e.getMessage());
		}
	}

	@Override
	public ReactorStatus deploy(DeploymentRequest request) throws ReactorException {
		Ss58Address consumer = consumer(request.consumer());
		VmDescriptor d;
		try {
			d = VmDescriptor.parse(request.descriptor());
		} catch (IllegalArgumentException e) {
			throw ReactorException.permanent(ReasonCode.SCHEMA_INVALID, e.getMessage());
		}
		List<String> violations = policy.check(d);
		if (!violations.isEmpty()) {
			throw ReactorException.permanent(ReasonCode.POLICY_VIOLATION, "the provider's policy refuses this descriptor",
					violations);
		}
		String publicKey = keys.sshPublicKey(consumer.publicKey(), consumer.address());
		return locks.withLock(request.id(),
				() -> lifecycle.deploy(request.id(), d, Ownership.keyPairName(consumer.address()), publicKey));
	}

	/** The consumer must be an ed25519 account: its SS58 address becomes the VM's SSH key. */
	private Ss58Address consumer(String consumer) throws ReactorException {
		String why;
		if (consumer == null || consumer.isBlank()) {
			why = "the deployment has no consumer account";
		} else {
			try {
				return keys.ss58Decode(consumer.strip());
			} catch (KeyException e) {
				why = "consumer '" + consumer + "': " + e.getMessage();
			}
		}
		throw ReactorException.permanent(ReasonCode.BAD_PARAMETERS, why + "; a cloudstack-vm is logged into with the SSH key"
				+ " of the consumer's account, which must be an ed25519 account (sr25519 keys cannot become SSH keys)");
	}

	@Override
	public void teardown(long id) throws ReactorException {
		locks.withLock(id, () -> {
			lifecycle.teardown(id);
			return null;
		});
	}

	/** @return how many locks, of deployments and of key pairs, are in use (none once every call has returned) */
	int locksInUse() {
		return locks.size() + lifecycle.keyPairLocksInUse();
	}

	@Override
	public Optional<ReactorStatus> status(long id) throws ReactorException {
		return lifecycle.status(id);
	}

	@Override
	public List<ReactorStatus> inventory() throws ReactorException {
		return lifecycle.inventory();
	}
}
