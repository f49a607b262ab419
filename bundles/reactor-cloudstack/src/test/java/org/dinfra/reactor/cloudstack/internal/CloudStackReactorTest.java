package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;
import org.dinfra.reactor.cloudstack.testing.FakeCloudStack;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The reactor's lifecycle against {@link FakeCloudStack}, a FAKE CloudStack API server (no
 * CloudStack simulator runs here) that verifies every signature as CloudStack does.
 */
public class CloudStackReactorTest {
	static final String API_KEY = "test-api-key";
	static final String SECRET = "test-secret-key";
	/** //Alice as an ed25519 account (see bundles/keys/README.md). */
	static final String ALICE = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";

	private final Keys keys = Keys.standalone();
	private FakeCloudStack fake;
	private final List<CloudStackReactor> reactors = new ArrayList<>();

	@Before
	public void startFake() throws Exception {
		fake = FakeCloudStack.start(API_KEY, SECRET);
	}

	@After
	public void stop() {
		reactors.forEach(CloudStackReactor::deactivate);
		fake.close();
	}

	private CloudStackReactor reactor(Map<String, Object> overrides) {
		Map<String, Object> c = TestConfig.forFake(fake, API_KEY, SECRET);
		c.putAll(overrides);
		CloudStackReactor r = new CloudStackReactor(keys, TestConfig.of(c));
		reactors.add(r);
		return r;
	}

	private CloudStackReactor reactor() {
		return reactor(Map.of());
	}

	static DeploymentRequest request(long id, String descriptor, String consumer) {
		return new DeploymentRequest(id, CloudStackReactor.TYPE, Cid.of(descriptor.getBytes(StandardCharsets.UTF_8)),
				descriptor, consumer);
	}

	static final String SIMPLE = "{\"zone\":\"zone1\",\"serviceOffering\":\"Small Instance\",\"template\":\"Debian 12\"}";

	private String bob() throws Exception {
		try (AccountKey bob = keys.fromSecretUri("//Bob".toCharArray())) {
			return keys.ss58Encode(bob.publicKey(), 42);
		}
	}

	private JsonNode vm(String name) {
		return fake.vms().stream().filter(v -> v.get("name").asText().equals(name)).findFirst().orElse(null);
	}

	private static Map<String, String> tags(JsonNode resource) {
		return Ownership.tagsOf(resource);
	}

	private static ReactorException expectFailure(ThrowingRunnable r) {
		try {
			r.run();
		} catch (ReactorException e) {
			return e;
		} catch (Exception e) {
			throw new AssertionError("expected a ReactorException, got " + e, e);
		}
		fail("expected a ReactorException");
		return null;
	}

	interface ThrowingRunnable {
		void run() throws Exception;
	}

	// ---- deploy ---------------------------------------------------------------------------------

	@Test
	public void deployRegistersTheConsumersKeyAndReturnsTheRunningVmWithSshEndpoints() throws Exception {
		String descriptor = "{\"zone\":\"zone1\",\"serviceOffering\":\"Small Instance\",\"template\":\"Debian 12\","
				+ "\"networks\":[\"dinfra-net\"],\"rootDiskSizeGb\":20,\"userData\":\"#cloud-config\\npackages: [htop]\\n\","
				+ "\"affinityGroup\":\"spread\"}";
		ReactorStatus status = reactor().deploy(request(7, descriptor, ALICE));

		assertEquals(DeploymentState.RUNNING, status.state());
		JsonNode vm = vm("dinfra-7");
		assertNotNull("VM dinfra-7 exists", vm);
		assertEquals("Running", vm.get("state").asText());
		String ip = vm.get("nic").get(0).get("ipaddress").asText();
		assertEquals(List.of(new Endpoint("ssh", "ssh://" + ip + ":22")), status.endpoints());
		assertEquals(Map.of("dinfra:subscription", "7", "dinfra:provider", "test-provider"), tags(vm));
		assertEquals("dinfra-" + ALICE, vm.get("keypair").asText());
		assertEquals(List.of("dinfra-" + ALICE), fake.keyPairs());
		Map<String, String> register = fake.requests().stream()
				.filter(r -> r.get("command").equals("registerSSHKeyPair")).findFirst().orElseThrow();
		assertEquals(keys.authorizedKeysLine(ALICE, 42), register.get("publickey"));
		Map<String, String> deploy = fake.requests().stream()
				.filter(r -> r.get("command").equals("deployVirtualMachine")).findFirst().orElseThrow();
		assertEquals("user data goes by POST", "POST", deploy.get("_method"));
		assertEquals("#cloud-config\npackages: [htop]\n",
				new String(Base64.getDecoder().decode(deploy.get("userdata")), StandardCharsets.UTF_8));
		assertEquals(fake.idOf("zone", "zone1"), deploy.get("zoneid"));
		assertEquals(fake.idOf("serviceoffering", "Small Instance"), deploy.get("serviceofferingid"));
		assertEquals(fake.idOf("template", "Debian 12"), deploy.get("templateid"));
		assertEquals(fake.idOf("network", "dinfra-net"), deploy.get("networkids"));
		assertEquals(fake.idOf("affinitygroup", "spread"), deploy.get("affinitygroupids"));
		assertEquals("20", deploy.get("rootdisksize"));
		assertEquals("dinfra-7", deploy.get("displayname"));
	}

	@Test
	public void deployingTheSameSubscriptionAgainFindsTheVmAndCreatesNothing() throws Exception {
		CloudStackReactor r = reactor();
		ReactorStatus first = r.deploy(request(8, SIMPLE, ALICE));
		ReactorStatus second = r.deploy(request(8, SIMPLE, ALICE));
		assertEquals(first, second);
		assertEquals(1, fake.count("deployVirtualMachine"));
		assertEquals(1, fake.count("registerSSHKeyPair"));
		assertEquals(1, fake.count("createTags"));
		assertEquals(1, fake.vms().size());
	}

	@Test
	public void aVmLeftUntaggedByACrashBetweenDeployAndTaggingIsAdoptedNotDuplicated() throws Exception {
		CloudStackReactor r = reactor();
		fake.failNext("createTags", new FakeCloudStack.Failure(530, 9999, "Internal error executing command", false));
		ReactorException crash = expectFailure(() -> r.deploy(request(9, SIMPLE, ALICE)));
		assertTrue("an internal error is retried", crash.isTransient());
		assertTrue(tags(vm("dinfra-9")).isEmpty());
		// a restarted agent sees it in the inventory by its name
		assertTrue(r.inventory().stream().anyMatch(s -> s.id() == 9));

		ReactorStatus status = r.deploy(request(9, SIMPLE, ALICE));
		assertEquals(DeploymentState.RUNNING, status.state());
		assertEquals(1, fake.count("deployVirtualMachine"));
		assertEquals(Map.of("dinfra:subscription", "9", "dinfra:provider", "test-provider"), tags(vm("dinfra-9")));
	}

	@Test
	public void aStoppedVmIsStartedAndAStartingVmIsAwaited() throws Exception {
		CloudStackReactor r = reactor();
		r.deploy(request(10, SIMPLE, ALICE));
		fake.setState("dinfra-10", "Stopped");
		assertEquals(DeploymentState.DEPLOYING, r.status(10).orElseThrow().state());
		fake.startingReads = 2;
		assertEquals(DeploymentState.RUNNING, r.deploy(request(10, SIMPLE, ALICE)).state());
		assertEquals(1, fake.count("startVirtualMachine"));
		assertEquals(1, fake.count("deployVirtualMachine"));
		assertEquals(0, fake.startingReads);
	}

	@Test
	public void dataDisksAreCreatedTaggedAndAttachedOnceAndDeletedAtTeardown() throws Exception {
		CloudStackReactor r = reactor();
		String descriptor = "{\"zone\":\"zone1\",\"serviceOffering\":\"Small Instance\",\"template\":\"Debian 12\","
				+ "\"dataDisks\":[{\"diskOffering\":\"Custom\",\"sizeGb\":200},{\"diskOffering\":\"Medium 100GB\"}]}";
		r.deploy(request(11, descriptor, ALICE));
		r.deploy(request(11, descriptor, ALICE));
		assertEquals(2, fake.count("createVolume"));
		assertEquals(2, fake.count("attachVolume"));
		String vmId = vm("dinfra-11").get("id").asText();
		List<JsonNode> volumes = fake.volumes();
		assertEquals(2, volumes.size());
		for (JsonNode v : volumes) {
			assertEquals(vmId, v.get("virtualmachineid").asText());
			assertEquals("11", tags(v).get("dinfra:subscription"));
			assertEquals("test-provider", tags(v).get("dinfra:provider"));
		}
		assertEquals(List.of("dinfra-11-disk0", "dinfra-11-disk1"),
				volumes.stream().map(v -> v.get("name").asText()).sorted().collect(Collectors.toList()));
		assertEquals(200L << 30, volumes.stream().filter(v -> v.get("name").asText().endsWith("disk0")).findFirst()
				.orElseThrow().get("size").asLong());

		r.teardown(11);
		assertTrue("volumes are deleted, not left detached", fake.volumes().isEmpty());
		assertTrue(fake.vms().isEmpty());
	}

	@Test
	public void descriptorNamingEverythingByUuidDeploys() throws Exception {
		String descriptor = "{\"zone\":\"" + fake.idOf("zone", "zone1") + "\",\"serviceOffering\":\""
				+ fake.idOf("serviceoffering", "Large Instance") + "\",\"template\":\"" + fake.idOf("template", "Debian 12")
				+ "\",\"networks\":[\"" + fake.idOf("network", "other-net") + "\"]}";
		assertEquals(DeploymentState.RUNNING, reactor().deploy(request(12, descriptor, ALICE)).state());
	}

	// ---- teardown -------------------------------------------------------------------------------

	@Test
	public void teardownExpungesTheVmAndRemovesTheKeyPairOnlyOnceNoVmUsesIt() throws Exception {
		CloudStackReactor r = reactor();
		String bob = bob();
		r.deploy(request(20, SIMPLE, ALICE));
		r.deploy(request(21, SIMPLE, ALICE));
		r.deploy(request(22, SIMPLE, bob));
		assertEquals(1, fake.count("registerSSHKeyPair") - 1); // Alice once, Bob once

		r.teardown(20);
		assertEquals(null, vm("dinfra-20"));
		Map<String, String> destroy = fake.requests().stream()
				.filter(q -> q.get("command").equals("destroyVirtualMachine")).findFirst().orElseThrow();
		assertEquals("true", destroy.get("expunge"));
		assertTrue("still used by dinfra-21", fake.keyPairs().contains("dinfra-" + ALICE));

		r.teardown(21);
		assertFalse(fake.keyPairs().contains("dinfra-" + ALICE));
		assertEquals(List.of("dinfra-" + bob), fake.keyPairs());
		assertEquals(Optional.empty(), r.status(21));

		r.teardown(21);
		assertEquals("a second teardown is a no-op", 2, fake.count("destroyVirtualMachine"));
	}

	@Test
	public void noLockOfADeploymentOrKeyPairIsKeptOnceItsCallsReturn() throws Exception {
		CloudStackReactor r = reactor();
		r.deploy(request(25, SIMPLE, ALICE));
		assertEquals(0, r.locksInUse());
		fake.failNext("deployVirtualMachine", new FakeCloudStack.Failure(431, 4350, "Invalid parameter rootdisksize", false));
		expectFailure(() -> r.deploy(request(26, SIMPLE, ALICE)));
		assertEquals("a failed deploy keeps no lock", 0, r.locksInUse());
		r.teardown(25);
		r.teardown(26);
		assertEquals(0, r.locksInUse());
	}

	@Test
	public void teardownOfUnknownDeploymentIsANoOp() throws Exception {
		CloudStackReactor r = reactor();
		r.deploy(request(30, SIMPLE, ALICE));
		List<String> before = fake.calls();
		r.teardown(31);
		List<String> after = fake.calls().subList(before.size(), fake.calls().size());
		assertTrue(after.toString(), after.stream().allMatch(c -> c.startsWith("list")));
		assertNotNull(vm("dinfra-30"));
		assertEquals(List.of("dinfra-" + ALICE), fake.keyPairs());
	}

	// ---- inventory ------------------------------------------------------------------------------

	@Test
	public void inventoryListsThisProvidersVmsByTagAcrossPagesAndNotOthers() throws Exception {
		CloudStackReactor r = reactor(Map.of("pageSize", 2));
		for (long id = 40; id < 45; id++) {
			r.deploy(request(id, SIMPLE, ALICE));
		}
		fake.createUntaggedVm("someone-else", "");
		fake.createUntaggedVm("dinfra-99", "");
		fake.tag("dinfra-99", "dinfra:provider", "another-provider");
		fake.tag("dinfra-99", "dinfra:subscription", "99");

		List<ReactorStatus> inventory = r.inventory();
		assertEquals(List.of(40L, 41L, 42L, 43L, 44L), inventory.stream().map(ReactorStatus::id).sorted().toList());
		assertTrue(inventory.stream().allMatch(s -> s.state() == DeploymentState.RUNNING && !s.endpoints().isEmpty()));
		assertTrue("five VMs in pages of two need a third page", fake.requests().stream()
				.anyMatch(q -> q.get("command").equals("listVirtualMachines") && "3".equals(q.get("page"))));
		assertEquals(Optional.empty(), r.status(99));
	}

	// ---- errors ---------------------------------------------------------------------------------

	@Test
	public void insufficientCapacityFailsPermanentlyWithNoCapacityAndTeardownRemovesTheErrorVm() throws Exception {
		CloudStackReactor r = reactor();
		fake.failNext("deployVirtualMachine", new FakeCloudStack.Failure(533, 4250,
				"Insufficient capacity: Unable to create a deployment for VM[User|dinfra-50]", true));
		ReactorException e = expectFailure(() -> r.deploy(request(50, SIMPLE, ALICE)));
		assertEquals(ReasonCode.NO_CAPACITY, e.reason().code());
		assertFalse(e.isTransient());
		assertTrue(e.reason().message(), e.reason().message().contains("Insufficient capacity"));
		assertEquals("Error", vm("dinfra-50").get("state").asText());
		assertEquals(DeploymentState.FAILED, r.status(50).orElseThrow().state());
		r.teardown(50);
		assertTrue(fake.vms().isEmpty());
	}

	@Test
	public void accountLimitsFailPermanentlyWithQuota() throws Exception {
		CloudStackReactor r = reactor();
		fake.failNext("deployVirtualMachine", new FakeCloudStack.Failure(532, 4370,
				"Maximum number of resources of type 'user_vm' for account name=dinfra has been exceeded.", false));
		ReactorException e = expectFailure(() -> r.deploy(request(51, SIMPLE, ALICE)));
		assertEquals(ReasonCode.QUOTA, e.reason().code());
		assertFalse(e.isTransient());
		fake.failNext("deployVirtualMachine", new FakeCloudStack.Failure(535, 4370,
				"Maximum number of resources of type 'volume' for account name=dinfra has been exceeded.", true));
		assertEquals(ReasonCode.QUOTA, expectFailure(() -> r.deploy(request(52, SIMPLE, ALICE))).reason().code());
	}

	@Test
	public void parameterErrorsFailPermanentlyWithBadParameters() throws Exception {
		CloudStackReactor r = reactor();
		fake.failNext("deployVirtualMachine", new FakeCloudStack.Failure(431, 4350, "Invalid parameter rootdisksize", false));
		ReactorException e = expectFailure(() -> r.deploy(request(53, SIMPLE, ALICE)));
		assertEquals(ReasonCode.BAD_PARAMETERS, e.reason().code());
		assertFalse(e.isTransient());
	}

	@Test
	public void unknownNamesFailWithBadParametersListingEveryOne() throws Exception {
		String descriptor = "{\"zone\":\"zone1\",\"serviceOffering\":\"Huge\",\"template\":\"Windows\","
				+ "\"networks\":[\"nope\"],\"dataDisks\":[{\"diskOffering\":\"Custom\"}]}";
		ReactorException e = expectFailure(() -> reactor().deploy(request(54, descriptor, ALICE)));
		assertEquals(ReasonCode.BAD_PARAMETERS, e.reason().code());
		assertFalse(e.isTransient());
		List<String> details = e.reason().details();
		assertEquals(details.toString(), 4, details.size());
		assertTrue(details.toString(), details.get(0).startsWith("/serviceOffering: no service offering named 'Huge'"));
		assertTrue(details.toString(), details.get(1).startsWith("/template: no template named 'Windows'"));
		assertTrue(details.toString(), details.get(2).startsWith("/networks/0: no network named 'nope'"));
		assertTrue(details.toString(), details.get(3).startsWith("/dataDisks/0/sizeGb: disk offering 'Custom' has a custom size"));
		assertEquals(0, fake.count("deployVirtualMachine"));
	}

	@Test
	public void anAmbiguousNameAsksForTheId() throws Exception {
		fake.addZone("zone1");
		ReactorException e = expectFailure(() -> reactor().deploy(request(55, SIMPLE, ALICE)));
		assertEquals(ReasonCode.BAD_PARAMETERS, e.reason().code());
		assertTrue(e.reason().details().toString(), e.reason().details().get(0).contains("2 zones are named 'zone1'"));
	}

	@Test
	public void aWrongSecretIsAnAuthenticationFailureThatIsRetried() throws Exception {
		CloudStackReactor r = reactor(Map.of("secretKey", "wrong-secret"));
		ReactorException e = expectFailure(() -> r.deploy(request(56, SIMPLE, ALICE)));
		assertEquals(ReasonCode.AUTHENTICATION, e.reason().code());
		assertTrue("the provider fixes its key; the deployment goes on then", e.isTransient());
		assertTrue(e.reason().message(), e.reason().message().contains("unable to verify user credentials"));
		assertTrue("the fake accepted nothing", fake.calls().isEmpty());
	}

	@Test
	public void anAsyncJobThatDoesNotFinishInTimeIsATimeoutAndTheNextDeployAdoptsTheVm() throws Exception {
		CloudStackReactor r = reactor(Map.of("asyncJobTimeoutSeconds", 1));
		r.deploy(request(57, SIMPLE, ALICE)); // registers the key pair
		fake.asyncPolls = 1_000_000;
		ReactorException e = expectFailure(() -> r.deploy(request(58, SIMPLE, ALICE)));
		assertEquals(ReasonCode.TIMEOUT, e.reason().code());
		assertTrue(e.isTransient());
		assertTrue(e.reason().message(), e.reason().message().contains("did not finish within 1 s"));
		fake.asyncPolls = 0;
		fake.finishPendingJobs(); // the job went on in CloudStack meanwhile
		assertEquals(DeploymentState.RUNNING, r.deploy(request(58, SIMPLE, ALICE)).state());
		assertEquals(2, fake.count("deployVirtualMachine"));
	}

	@Test
	public void theCloudStackBeingUnreachableIsRetried() throws Exception {
		CloudStackReactor r = reactor(Map.of("endpoint", "http://127.0.0.1:1/client/api"));
		ReactorException e = expectFailure(() -> r.inventory());
		assertEquals(ReasonCode.DEPLOY_FAILED, e.reason().code());
		assertTrue(e.isTransient());
	}

	// ---- the consumer's key ---------------------------------------------------------------------

	@Test
	public void aConsumerThatIsNoEd25519AccountAddressFailsBeforeAnyApiCall() throws Exception {
		CloudStackReactor r = reactor();
		for (String consumer : new String[] {"", "itest", "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpv"}) {
			ReactorException e = expectFailure(() -> r.deploy(request(60, SIMPLE, consumer)));
			assertEquals(ReasonCode.BAD_PARAMETERS, e.reason().code());
			assertFalse(e.isTransient());
			assertTrue(e.reason().message(), e.reason().message().contains("ed25519 account"));
		}
		assertTrue(fake.calls().isEmpty());
	}

	// ---- policy ---------------------------------------------------------------------------------

	@Test
	public void checkListsEveryViolationBeforeAnyApiCall() {
		CloudStackReactor r = reactor(Map.of("allowedZones", new String[] {"zone2"}, "allowedTemplates",
				new String[] {"Ubuntu 24.04, Debian 11"}, "maxRootDiskGb", 50, "maxDataDisks", 1, "maxDataDiskGb", 100,
				"maxUserDataBytes", 8));
		String descriptor = "{\"zone\":\"zone1\",\"serviceOffering\":\"Small Instance\",\"template\":\"Debian 12\","
				+ "\"rootDiskSizeGb\":80,\"userData\":\"0123456789\","
				+ "\"dataDisks\":[{\"diskOffering\":\"Custom\",\"sizeGb\":500},{\"diskOffering\":\"Custom\",\"sizeGb\":5}]}";
		List<String> v = r.check(request(70, descriptor, ALICE));
		assertEquals(v.toString(), 6, v.size());
		assertTrue(v.toString(), v.get(0).startsWith("/zone: zone 'zone1' is not offered by this provider; allowed: zone2"));
		assertTrue(v.toString(), v.get(1).startsWith("/template: template 'Debian 12' is not offered"));
		assertTrue(v.toString(), v.get(2).startsWith("/rootDiskSizeGb: 80 GB is larger than this provider's limit of 50 GB"));
		assertTrue(v.toString(), v.get(3).startsWith("/dataDisks: 2 data disks; this provider allows at most 1"));
		assertTrue(v.toString(), v.get(4).startsWith("/dataDisks/0/sizeGb: 500 GB"));
		assertTrue(v.toString(), v.get(5).startsWith("/userData: 16 bytes Base64-encoded"));
		assertTrue(fake.calls().isEmpty());
	}

	@Test
	public void anAllowListOfIdsAcceptsTheNameOfAnAllowedObjectAndRefusesOthersOnceResolved() throws Exception {
		CloudStackReactor r = reactor(Map.of("allowedServiceOfferings",
				new String[] {fake.idOf("serviceoffering", "Small Instance")}));
		assertEquals(List.of(), r.check(request(71, SIMPLE, ALICE)));
		assertEquals(DeploymentState.RUNNING, r.deploy(request(71, SIMPLE, ALICE)).state());

		String large = SIMPLE.replace("Small Instance", "Large Instance");
		assertEquals("a name cannot be decided offline against ids", List.of(), r.check(request(72, large, ALICE)));
		ReactorException e = expectFailure(() -> r.deploy(request(72, large, ALICE)));
		assertEquals(ReasonCode.POLICY_VIOLATION, e.reason().code());
		assertFalse(e.isTransient());
		assertTrue(e.reason().details().toString(),
				e.reason().details().get(0).startsWith("/serviceOffering: service offering 'Large Instance'"));
		assertEquals(1, fake.count("deployVirtualMachine"));
	}

	@Test
	public void anAllowListOfNamesRefusesAnUnlistedUuidOnlyOnceResolved() throws Exception {
		CloudStackReactor r = reactor(Map.of("allowedZones", new String[] {"zone1"}));
		String byId = SIMPLE.replace("\"zone1\"", "\"" + fake.idOf("zone", "zone1") + "\"");
		assertEquals(List.of(), r.check(request(73, byId, ALICE)));
		assertEquals(DeploymentState.RUNNING, r.deploy(request(73, byId, ALICE)).state());
		String zone2 = SIMPLE.replace("\"zone1\"", "\"" + fake.idOf("zone", "zone2") + "\"");
		assertEquals(ReasonCode.POLICY_VIOLATION, expectFailure(() -> r.deploy(request(74, zone2, ALICE))).reason().code());
	}

	// ---- signing options ------------------------------------------------------------------------

	@Test
	public void signatureVersion3RequestsAreAccepted() throws Exception {
		CloudStackReactor r = reactor(Map.of("signatureVersion3", true));
		assertEquals(DeploymentState.RUNNING, r.deploy(request(80, SIMPLE, ALICE)).state());
		assertTrue(fake.requests().stream().allMatch(q -> "3".equals(q.get("signatureversion")) && q.containsKey("expires")));
	}

	@Test
	public void signatureVersion3RequestsThatExpiredAreRefused() throws Exception {
		CloudStackReactor r = reactor(Map.of("signatureVersion3", true, "expiresSeconds", -60));
		assertEquals(ReasonCode.AUTHENTICATION, expectFailure(() -> r.inventory()).reason().code());
	}

	@Test
	public void theReactorDoesNotStartWithoutCredentials() {
		try {
			new CloudStackReactor(keys, TestConfig.of(Map.of("endpoint", fake.url())));
			fail("started without an API key");
		} catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("apiKey and secretKey"));
		}
	}
}
